"""Demo audio-video: two body cameras on loan to the demo team, an inquiry filmed on both with a stretch
neither covered (R-AV-3), a site inspection's recording uploaded days late (R-AV-5) and a patrol recording
not yet linked to any case — so the workbench, the case page's timeline and the recordings page show what
they are for. Small real MP4 files made with PyAV, written through the same actions as an upload."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.utils import timezone

from lawtrail.access.models import User
from lawtrail.cases import actions as case_actions
from lawtrail.cases.models import Case
from lawtrail.cases.samples import sample_content
from lawtrail.evidence import actions, devices
from lawtrail.evidence.models import Device
from lawtrail.evidence.storage import get_store
from lawtrail.registry.models import Agency, Officer, Unit


def tiny_mp4(frames: int, *, rate: int = 1, shade: int = 40, creation_time: str | None = None,
             size: tuple[int, int] = (160, 120)) -> bytes:
    """A real, playable MP4 of a plain picture changing shade, `frames` frames at `rate` a second, with the
    creation time a camera writes (ISO 8601, UTC) if given."""
    import av

    buf = io.BytesIO()
    out = av.open(buf, "w", format="mp4")
    if creation_time:
        out.metadata["creation_time"] = creation_time
    stream = out.add_stream("mpeg4", rate=rate)
    stream.width, stream.height, stream.pix_fmt = *size, "yuv420p"
    for i in range(max(frames, 1)):
        frame = av.VideoFrame(*size, "yuv420p")
        for plane in frame.planes:
            plane.update(bytes([(shade + 8 * i) % 256]) * plane.buffer_size)
        frame.pts = i
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()
    return buf.getvalue()


def create_recordings(agency: Agency) -> int:
    """Create the demo devices and recordings once; returns how many recordings."""
    if Device.objects.filter(agency=agency).exists():
        return 0
    custodian = User.objects.get(username="custodian", agency=agency)
    unit_head = User.objects.get(username="unithead", agency=agency)
    officer = User.objects.get(username="officer", agency=agency)
    unit = Unit.objects.get(agency=agency, name="市容环卫执法中队")
    team = list(Officer.objects.filter(agency=agency, cert_no__in=["42011200002", "42011200003"]))
    now = timezone.localtime().replace(second=0, microsecond=0)
    case = Case.objects.get(agency=agency, title="鑫达建材公司露天焚烧废料案")
    inspection = case.records.get(type="site_inspection")
    count = 0
    with transaction.atomic():
        cams = [devices.register_device(user=custodian, data={
            "number": number, "unit": unit.pk, "model_name": "DSJ-V9", "serial_no": serial,
            "acquired_on": "2025-06-01"}) for number, serial in (("DSJ-001", "SN2025060101"),
                                                                 ("DSJ-002", "SN2025060102"))]
        for cam, person in zip(cams, team, strict=True):
            devices.lend_device(user=unit_head, device=cam, officer_id=person.pk, remarks="日常巡查",
                                out_at=(inspection.occurred_at - dt.timedelta(hours=1)).isoformat())
            devices.record_check(user=officer, device=cam, data={
                "battery_ok": True, "storage_ok": True, "clock_offset_s": 2, "clock_set": True})
        began = now - dt.timedelta(hours=3)
        inquiry = case_actions.record_step(user=officer, case=case, data={
            "type": "inquiry", "occurred_at": began.isoformat(), "place": "示例区工业园3号",
            "matter": f"{case.title}：询问", "officers": [o.pk for o in team],
            "parties": list(case.parties.values_list("pk", flat=True)),
            "content": sample_content("inquiry", at=began, party=case.parties.first().name,
                                      officer=team[0].name)})
        clips = [  # (device, start, minutes, case step, cause)
            ("DSJ-001", began, 12, inquiry, ""),
            ("DSJ-002", began + dt.timedelta(minutes=30), 15, inquiry, ""),  # 18 minutes nobody filmed
            ("DSJ-001", inspection.occurred_at, 20, inspection, ""),  # uploaded now: days late
            ("DSJ-002", now - dt.timedelta(minutes=50), 8, None, ""),  # a patrol, not linked to a case yet
        ]
        for i, (number, start, minutes, step, cause) in enumerate(clips):
            data = tiny_mp4(6, shade=40 + 50 * i)
            stored = get_store().ingest(iter([data]))
            blob = actions.blob_row(user=officer, stored=stored)
            actions.add_recording(
                user=officer, agency_id=agency.pk, blob=blob, kind="video",
                filename=f"{number}_{timezone.localtime(start):%Y%m%d_%H%M%S}.mp4",
                case_id=step.case_id if step else None, record_id=step.pk if step else None, device_no=number,
                started_at=start, ended_at=start + dt.timedelta(minutes=minutes), cause=cause,
                trail={"source": "demo"})
            count += 1
    return count
