"""The procedure catalogue: the five procedure families of R-PROC-1..5 (plus the simple penalty
procedure), their stages in order, the records each stage needs with their required fields, the gates,
the deadlines and the records that must be filmed. Every entry cites its requirement and article.

Short names: WH, LC, YZ, HY (HY-A1..A6 attachments), DXH — see shared/regulations/README.md. Periods the
five texts do not state come from national law (行政处罚法 2021, 行政强制法, 行政许可法) and are cited so.
The numbers themselves live in rule profiles (profiles.py); this file names only which number applies.
"""

from __future__ import annotations

import dataclasses

from lawtrail.procedures.model import (
    AVRule,
    Cite,
    Deadline,
    Field,
    Gate,
    Procedure,
    RecordType,
    Stage,
    T,
    TimeRule,
    Wait,
)

# --- reusable fields -------------------------------------------------------------------------------
YES = T("是", "Yes")


def choice(name, label, options, **kw):
    return Field(name, label, "choice", choices=tuple((k, v) for k, v in options), **kw)


# Time rules (R-PROC-6: a step's times agree with each other and with when the step was recorded). Facts
# that happened (received, started, served, paid) lie on or before the record's time; periods set by the
# record (补正、提供、履行、整改 by …) end on or after it.
TIMES = Cite("R-PROC-6", "WH 6, DXH 8")


def by_record(cite=TIMES):
    """Happened before the step was recorded (and so not in the future)."""
    return (TimeRule("not_after", "record", cite),)


def after_record(cite=TIMES, days=0):
    """A term the record sets: on or after the record's day."""
    return (TimeRule("not_before", "record", cite, days),)


def after_field(other, cite=TIMES):
    return (TimeRule("not_before", other, cite),)


CERT_SHOWN = Field("certificates_shown", T("已出示执法证件", "Certificates shown"), "true",
                   cite=Cite("R-INV-1", "WH 14, LC 11, HY-A2 8"))
AV_NOTICE = Field("recording_notice", T("已告知当事人和在场人员正在录音录像",
                                        "Party and those present told of recording"),
                  "true", cite=Cite("R-INV-7", "LC 13, HY-A6 10"))
RIGHTS_TOLD = Field("rights_told", T("已告知申请回避等权利", "Rights told (incl. recusal)"), "true",
                    cite=Cite("R-INV-5", "WH 17, HY-A2 9"))


INV3 = Cite("R-INV-3", "WH 15, LC 11")


def signatures(*signers, cite=INV3):
    return Field("signatures", T("签名", "Signatures"), "signatures", signers=signers, cite=cite)


def basis(required=True):
    return Field("legal_basis", T("法律依据", "Legal basis"), "textarea", required=required)


CHANNELS = (("inspection", T("执法检查发现", "Own inspection")),
            ("complaint", T("投诉举报", "Complaint or report")),
            ("assigned", T("上级交办", "Assigned by a superior")),
            ("transferred", T("其他机关移送", "Transferred by another organ")),
            ("other", T("其他合法途径", "Other lawful channel")))

SERVICE_METHODS = (("direct", T("直接送达", "Direct")),
                   ("lodging", T("留置送达", "Lodging")),
                   ("mail", T("邮寄送达", "Mail")),
                   ("fax_email", T("传真、电子邮件送达", "Fax or e-mail")),
                   ("entrusted", T("委托、转交送达", "Entrusted or forwarded")),
                   ("announcement", T("公告送达", "Public announcement")))

PRESERVATION_FORMS = (("prior_registration", T("先行登记保存", "Prior registration and preservation")),
                      ("copy", T("复制", "Copy")), ("audio_video", T("录音录像", "Audio-video")),
                      ("appraisal", T("鉴定", "Appraisal")), ("survey", T("勘验", "Survey")),
                      ("inquiry", T("询问笔录", "Inquiry record")))

COERCIVE_MEASURES = (("seal", T("查封", "Sealing")), ("seize", T("扣押", "Seizure")),
                     ("freeze", T("冻结", "Freezing")), ("other", T("其他强制措施", "Other measure")))

HEADS = ("unit_head", "agency_head")  # R-PROC-7: 审核人 (unit head) then 批准人 (agency head)

# --- record types -----------------------------------------------------------------------------------
R: dict[str, RecordType] = {}


def rt(code, name, fields, cite, **kw) -> RecordType:
    record_type = RecordType(code, name, tuple(fields), cite, **kw)
    if code in R:
        raise ValueError(f"record type {code} defined twice")
    R[code] = record_type
    return record_type


# Starting a procedure (R-START)
rt("application", T("申请登记", "Application registration"), [
    choice("channel", T("申请方式", "How applied"), [
        ("window", T("窗口书面申请", "In writing at the window")), ("oral", T("口头申请", "Oral")),
        ("online", T("网上申请", "Online")), ("mail", T("邮寄申请", "By mail"))]),
    Field("applicant", T("申请人", "Applicant"), "persons", min_items=1),
    Field("request", T("申请事项", "Matter applied for"), "textarea"),
    Field("materials", T("提交材料", "Materials submitted"), "items", min_items=1),
    Field("oral_record", T("口头申请记录", "Record of the oral application"), "textarea", when=("channel", ("oral",)),
          cite=Cite("R-START-1", "WH 10, LC 8")),
    Field("screenshot", T("网上申请截屏存档编号", "Screenshot of the online application (file no.)"),
          when=("channel", ("online",)), cite=Cite("R-START-1", "WH 10")),
    Field("corrected_on_spot", T("当场更正的错误", "Errors corrected on the spot"), "textarea", required=False),
], Cite("R-START-1", "WH 10, LC 8"), needs_party=True, once=True)

rt("supplement_notice", T("一次性补正告知书", "One-time supplement notice"), [
    Field("missing", T("需补正的全部材料", "Everything to supplement"), "items", min_items=1),
    Field("supplement_by", T("补正期限", "Supplement by"), "date", times=after_record()),
], Cite("R-START-1", "WH 10, LC 8; 行政许可法 32"), needs_place=False, document=True, once=True,
    effect="supplement_requested")

rt("supplement_receipt", T("补正材料接收凭证", "Receipt of supplemented materials"), [
    Field("materials", T("收到材料", "Materials received"), "items", min_items=1),
    Field("complete", T("材料已齐全", "Materials now complete"), "bool"),
], Cite("R-START-1", "WH 10, LC 8"), needs_place=False, effect="supplement_received",
    gates=(Gate(("supplement_notice",), "recorded", Cite("R-START-1", "WH 10")),))

rt("acceptance", T("受理或不予受理决定", "Acceptance or refusal"), [
    choice("outcome", T("结果", "Outcome"), [("accept", T("受理", "Accept")), ("refuse", T("不予受理", "Refuse"))]),
    Field("reasons", T("理由", "Reasons"), "textarea", when=("outcome", ("refuse",))),
    Field("legal_basis", T("法律依据", "Legal basis"), "textarea", when=("outcome", ("refuse",))),
    Field("remedies", T("救济途径", "Remedies"), "textarea", when=("outcome", ("refuse",))),
    Field("receipt_no", T("书面凭证编号", "Written receipt number"), cite=Cite("R-START-1", "WH 10, LC 8")),
], Cite("R-START-1", "WH 10, LC 8"), needs_place=False, document=True, once=True, effect="acceptance",
    gates=(Gate(("supplement_receipt",), "recorded", Cite("R-START-1", "WH 10; 行政许可法 32"),
                only_case="supplement_pending"),))

rt("case_source", T("案件来源登记", "Case source registration"), [
    choice("channel", T("案件来源", "Source channel"), CHANNELS, cite=Cite("R-START-2", "WH 13, DXH 13")),
    Field("received_at", T("收到时间", "Received at"), "datetime", times=by_record()),
    Field("description", T("线索内容", "What was reported or found"), "textarea"),
    Field("informant", T("投诉人、举报人", "Complainant or reporter"), "persons", min_items=1,
          when=("channel", ("complaint",)), protects="reporter"),
    Field("source_organ", T("交办或移送机关", "Assigning or transferring organ"), when=("channel", ("assigned",
                                                                                                "transferred"))),
], Cite("R-START-2", "WH 13, DXH 13"), needs_place=False, needs_party=False, once=True)

rt("emergency_start", T("紧急先行启动记录", "Emergency start record"), [
    Field("reason", T("紧急情况", "Why it could not wait"), "textarea"),
    Field("started_at", T("启动时间", "Started at"), "datetime", times=by_record(Cite("R-START-4", "WH 12"))),
], Cite("R-START-4", "WH 12, DXH 12, HY-A2 6"), needs_party=False, once=True, effect="emergency")

rt("filing_approval", T("立案审批表", "Filing approval form"), [
    Field("source_summary", T("案件来源", "Source"), "textarea"),
    Field("facts", T("基本案情", "Facts in brief"), "textarea"),
    Field("handler_opinion", T("承办人意见", "Handler's opinion with reasons"), "textarea",
          cite=Cite("R-PROC-7", "LC 6")),
    Field("legal_opinion", T("法制机构意见", "Legal unit's opinion"), "textarea", when_case="major",
          cite=Cite("R-START-3", "LC 9")),
], Cite("R-START-3", "WH 12, DXH 12, LC 9"), needs_place=False, approval=HEADS, once=True, effect="filed")

rt("not_filing", T("不予立案审批表", "Decision not to file"), [
    Field("reasons", T("不予立案理由", "Reasons"), "textarea"),
    basis(),
    Field("notified", T("告知对象（投诉人、举报人或移送机关）", "Told (complainant, reporter or organ)"), "persons",
          min_items=1, cite=Cite("R-START-5", "WH 13, LC 9, HY-A2 7"), protects="reporter"),
    Field("notice_manner", T("告知方式", "How told")),
    Field("notified_at", T("告知时间", "Told at"), "datetime",
          times=(TimeRule("near", "record", Cite("R-START-5", "WH 13, LC 9"), 30),
                 TimeRule("not_after", "now", TIMES))),
], Cite("R-START-5", "WH 13, LC 9, HY-A2 7"), needs_place=False, needs_party=False, approval=HEADS, once=True,
    effect="not_filed",
    gates=(Gate(("filing_approval", "coercion_request"), "approved", Cite("R-START-3", "WH 12, DXH 12"), absent=True),))

# Investigation and evidence (R-INV)
INV = Cite("R-INV-2", "WH 15, LC 12")
rt("inquiry", T("询问（调查）笔录", "Inquiry record"), [
    Field("interviewee", T("被询问人", "Person inquired"), "persons", min_items=1),
    Field("started_at", T("询问开始时间", "Started at"), "datetime",
          times=(TimeRule("near", "record", INV, 1), TimeRule("not_after", "now", TIMES))),
    Field("ended_at", T("询问结束时间", "Ended at"), "datetime",
          times=(*after_field("started_at", INV), TimeRule("not_after", "now", TIMES))),
    CERT_SHOWN, RIGHTS_TOLD, AV_NOTICE,
    Field("transcript", T("询问内容（问答）", "Questions and answers"), "textarea"),
    signatures("interviewee", "officers"),
], INV, min_officers=2)

rt("site_inspection", T("现场检查（勘验）笔录", "On-site inspection (survey) record"), [
    Field("object", T("检查对象、场所", "Object and premises inspected")),
    Field("present", T("在场人员", "Persons present"), "persons", min_items=1),
    CERT_SHOWN, AV_NOTICE,
    Field("findings", T("检查情况", "Findings"), "textarea"),
    signatures("party", "officers"),
], INV, min_officers=2, av=AVRule(Cite("R-INV-6", "LC 13, YZ 9")))

rt("sampling", T("抽样取证通知书及物品清单", "Sampling notice and item list"), [
    Field("items", T("抽样物品", "Items sampled"), "items", min_items=1),
    Field("method", T("抽样方式", "Sampling method")),
    basis(), CERT_SHOWN, AV_NOTICE,
    signatures("party", "officers"),
], INV, min_officers=2, document=True, av=AVRule(Cite("R-INV-6", "LC 13, YZ 9")))

rt("preservation", T("证据登记保存清单", "Evidence preservation record"), [
    Field("items", T("保存物品", "Items preserved"), "items", min_items=1),
    Field("reason", T("保全理由", "Reason"), "textarea"),
    choice("initiated_by", T("启动方式", "Started by"), [("application", T("依申请", "On application")),
                                                        ("ex_officio", T("依职权", "Ex officio"))]),
    basis(),
    choice("form", T("保全形式", "Form of preservation"), PRESERVATION_FORMS),
    Field("place_kept", T("保存地点", "Where kept")),
    CERT_SHOWN, AV_NOTICE,
    signatures("party", "officers"),
], Cite("R-INV-4", "WH 16, LC 14"), min_officers=2, document=True,
    av=AVRule(Cite("R-INV-6", "YZ 9, HY 3"), when=("form", ("prior_registration",))))

rt("appraisal_commission", T("检验（检测、鉴定）委托书", "Commission of testing or appraisal"), [
    Field("institution", T("受托机构", "Institution")),
    Field("matter", T("委托事项", "What is to be tested"), "textarea"),
    Field("items", T("送检物品", "Items sent"), "items", min_items=1),
], INV, needs_place=False, document=True)

rt("appraisal_report", T("检验（检测、鉴定）报告", "Testing or appraisal report"), [
    Field("commission", T("对应委托书", "Commission"), "record", refs=("appraisal_commission",)),
    Field("institution", T("出具机构", "Issued by")),
    Field("conclusion", T("结论", "Conclusion"), "textarea"),
    Field("received_at", T("收到时间", "Received at"), "datetime", times=by_record(INV)),
], INV, needs_place=False, gates=(Gate(("appraisal_commission",), "recorded", INV),))

rt("evidence_request", T("调取证据通知书", "Notice to produce evidence"), [
    Field("addressee", T("被调取人", "Addressee"), "persons", min_items=1),
    Field("evidence", T("调取证据", "Evidence requested"), "items", min_items=1),
    Field("produce_by", T("提供期限", "Produce by"), "date", times=after_record(INV)),
], INV, needs_place=False, document=True)

rt("refusal", T("拒绝调查或提供证据记录", "Refusal to be investigated or to give evidence"), [
    Field("refused", T("拒绝事项", "What was refused"), "textarea"),
    Field("circumstances", T("经过", "Circumstances"), "textarea"),
    Field("witnesses", T("见证人", "Witnesses"), "persons", min_items=1),
    signatures("officers", "witness", cite=Cite("R-INV-3", "WH 15, LC 11")),
], Cite("R-INV-3", "WH 15, LC 11"), min_officers=2)

rt("rights_notice", T("行政处罚事先告知书（权利告知书）", "Prior notice of rights"), [
    Field("facts", T("拟认定的事实", "Facts found"), "textarea"),
    Field("reasons", T("理由", "Reasons"), "textarea"),
    basis(),
    Field("proposed", T("拟作出的处理", "Proposed measure"), "textarea"),
    Field("rights", T("告知的权利", "Rights told"), "multichoice",
          choices=(("statement", T("陈述", "State")), ("defence", T("申辩", "Defend")),
                   ("recusal", T("申请回避", "Ask for recusal")), ("hearing", T("要求听证", "Ask for a hearing")))),
    choice("manner", T("告知方式", "Manner"), [("written", T("书面", "In writing")), ("oral", T("口头", "Orally"))]),
    signatures("party"),
], Cite("R-INV-5", "WH 17, HY-A2 9; R-PUB-2"), needs_place=False, document=True)

MADE = ("kind", ("made",))
rt("statement", T("陈述申辩笔录及复核意见", "Statements, defences and their review"), [
    choice("kind", T("陈述申辩情况", "What the party did"), [
        ("made", T("当事人进行了陈述、申辩", "Stated or defended")),
        ("waived", T("当事人书面放弃陈述、申辩", "Waived in writing"))], cite=Cite("R-INV-5", "WH 17; 行政处罚法 45")),
    Field("statements", T("陈述申辩内容", "Statements and defences"), "textarea", when=MADE),
    choice("review", T("复核结论", "Review result"), [("adopted", T("采纳", "Adopted")),
                                                     ("partly", T("部分采纳", "Partly adopted")),
                                                     ("rejected", T("不予采纳", "Not adopted"))],
           cite=Cite("R-INV-5", "WH 17"), when=MADE),
    Field("review_reasons", T("复核理由", "Reasons of the review"), "textarea", cite=Cite("R-INV-5", "WH 17"),
          when=MADE),
    signatures("party", "officers"),
], Cite("R-INV-5", "WH 17; R-EXE-2 LC 28"), min_officers=1)

rt("hearing_notice", T("听证通知书（公告）", "Hearing notice"), [
    Field("hearing_at", T("听证时间", "Hearing time"), "datetime",
          times=after_record(Cite("R-INV-2", "WH 15; 行政处罚法 64（听证七日前通知）"), days=7)),
    Field("hearing_place", T("听证地点", "Hearing place")),
    Field("presiding", T("主持人", "Presiding officer")),
    choice("public", T("是否公开", "Public"), [("public", T("公开", "Public")), ("closed", T("不公开", "Not public"))]),
], INV, needs_place=False, document=True, once=True)

rt("hearing_record", T("听证笔录", "Hearing record"), [
    Field("presiding", T("主持人", "Presiding officer")),
    Field("participants", T("听证参加人", "Participants"), "persons", min_items=1),
    Field("proceedings", T("听证经过（调查、质证、辩论、陈述）", "Proceedings"), "textarea"),
    AV_NOTICE,
    signatures("party", "officers"),
], INV, av=AVRule(Cite("R-INV-6", "YZ 9–10")), gates=(Gate(("hearing_notice",), "served", INV),))

rt("investigation_report", T("案件调查终结报告", "Investigation report"), [
    Field("facts", T("违法事实", "Facts"), "textarea"),
    Field("evidence", T("证据清单", "Evidence list"), "items", min_items=1),
    Field("proposal", T("处理建议", "Proposed handling"), "textarea"),
], Cite("R-PROC-1", "WH 3, DXH 5"), needs_place=False, once=True)

# Review and decision (R-DEC)
DEC3 = Cite("R-DEC-3", "WH 21, DXH 21, HY 2(2), HY-A2 25")
rt("draft_decision", T("处理决定审批表（决定草案）", "Draft decision for approval"), [
    Field("drafter", T("拟稿人", "Drafter"), pick="officer"),
    Field("reviewer", T("审核人", "Reviewer"), pick="officer"),
    basis(),
    Field("facts_evidence", T("事实和证据", "Facts and evidence"), "textarea"),
    Field("factors", T("考量因素", "Factors considered"), "textarea"),
    Field("proposed", T("拟处理意见", "Proposed decision"), "textarea"),
    Field("amount", T("拟罚没金额（元）", "Proposed amount (yuan)"), "decimal", required=False,
          help=T("法制审核目录按金额确定重大案件时据此判断", "the catalogue of major decisions may use it"),
          cite=Cite("R-LR-1", "HY-A3 3")),
    Field("handler_opinion", T("承办人意见", "Handler's opinion with reasons"), "textarea",
          cite=Cite("R-PROC-7", "LC 6")),
], Cite("R-DEC-1", "LC 15"), needs_place=False, approval=HEADS)

rt("collective_discussion", T("集体讨论记录", "Collective discussion minutes"), [
    Field("participants", T("参加人员", "Participants"), "persons", min_items=3, protects=""),  # the heads, in office
    Field("opinions", T("讨论意见", "Opinions"), "textarea"),
    Field("conclusion", T("结论", "Conclusion"), "textarea"),
], Cite("R-DEC-2", "WH 20, LC 16–18, HY-A2 11; 行政处罚法 57"), needs_party=False)

rt("expert_opinion", T("专家意见", "Expert opinion"), [
    Field("experts", T("专家", "Experts"), "persons", min_items=1),
    Field("opinion", T("意见", "Opinion"), "textarea"),
], Cite("R-DEC-2", "WH 20, LC 16–18"), needs_place=False, needs_party=False)

DECISION_FIELDS = [
    Field("facts_evidence", T("违法事实和证据", "Facts and evidence"), "textarea", cite=DEC3),
    Field("circumstances", T("从重、从轻、减轻或免除处罚情节", "Aggravating, mitigating or exempting circumstances"),
          "textarea", cite=DEC3),
    Field("legal_basis", T("法律依据", "Legal basis"), "textarea", cite=DEC3),
    Field("discretion", T("适用的裁量基准", "Discretion standard applied"), "textarea", cite=DEC3),
    Field("measures", T("处理内容", "Measures decided"), "textarea", cite=DEC3),
    Field("amount", T("罚没金额（元）", "Amount (yuan)"), "decimal", required=False),
    Field("perform_by", T("履行期限", "Perform by"), "date", cite=DEC3, times=after_record(DEC3)),
    Field("perform_manner", T("履行方式", "Manner of performance"), cite=DEC3),
    Field("remedies", T("救济途径和期限（复议、诉讼）", "Remedies and their deadlines"), "textarea", cite=DEC3),
    Field("reasons_evidence", T("证据采信理由", "Reasons for accepting the evidence"), "textarea",
          cite=Cite("R-DEC-3", "HY 2(2), HY-A2 25")),
    Field("reasons_basis", T("依据选择理由", "Reasons for the basis chosen"), "textarea",
          cite=Cite("R-DEC-3", "HY 2(2), HY-A2 25")),
    Field("reasons_discretion", T("裁量理由", "Reasons for the discretion used"), "textarea",
          cite=Cite("R-DEC-3", "HY 2(2), HY-A2 25")),
]
DECISION_GATES = (
    Gate(("draft_decision",), "approved", Cite("R-DEC-1", "LC 15; R-PROC-7 LC 6")),
    Gate(("collective_discussion",), "recorded", Cite("R-DEC-2", "WH 20, LC 16–18; 行政处罚法 57"), only_case="major"),
)
rt("decision", T("行政处罚决定书", "Penalty decision"), DECISION_FIELDS, DEC3, needs_place=False, document=True,
   decision=True, once=True,
   gates=DECISION_GATES + (Gate(("rights_notice",), "served", Cite("R-INV-5", "WH 17; 行政处罚法 44, 62")),
                           Gate(("no_penalty",), "approved", Cite("R-DEC-4", "HY-A2 25"), absent=True)),
   # 行政处罚法 45: the party's statement and defence are heard and reviewed before the decision; 62: a
   # decision without it is void. The period is a profile number (statement_period).
   waits=(Wait(("rights_notice", "served"), "statement_period", ("statement",),
               Cite("R-INV-5", "WH 17; 行政处罚法 44, 45, 62")),))

rt("no_penalty", T("不予行政处罚审批表", "Approval of no penalty"), [
    Field("reasons", T("不予处罚理由", "Reasons"), "textarea"),
    basis(),
], Cite("R-DEC-4", "HY-A2 25"), needs_place=False, approval=("agency_head",), once=True, effect="no_penalty",
    gates=(Gate(("decision", "simple_decision"), "recorded", Cite("R-DEC-4", "HY-A2 25"), absent=True),))

rt("simple_decision", T("当场行政处罚决定书（简易程序）", "On-the-spot penalty decision (simple procedure)"), [
    Field("conditions", T("适用简易程序的条件", "Why the simple procedure applies"), "textarea",
          cite=Cite("R-DEC-5", "LC 21")),
    CERT_SHOWN,
    Field("facts", T("违法事实", "Facts"), "textarea"),
    basis(),
    Field("statements", T("当事人陈述申辩及复核", "Statements, defences and their review"), "textarea",
          cite=Cite("R-DEC-5", "LC 21")),
    Field("measures", T("处罚内容", "Penalty"), "textarea"),
    Field("amount", T("罚款金额（元）", "Fine (yuan)"), "decimal", required=False),
    Field("remedies", T("救济途径和期限", "Remedies and their deadlines"), "textarea"),
    Field("collected_on_spot", T("当场收缴罚款", "Fine collected on the spot"), "bool"),
    Field("receipt_no", T("罚款收据编号", "Fine receipt number"), when=("collected_on_spot", ("true",))),
    signatures("party", "officers"),
], Cite("R-DEC-5", "LC 21"), document=True, decision=True, once=True,
    av=AVRule(Cite("R-INV-6", "YZ 10(7)"), when=("collected_on_spot", ("true",))))

rt("simple_filing", T("简易程序备案", "Filing of a simple-procedure decision with the organ"), [
    Field("decision", T("决定书", "Decision"), "record", refs=("simple_decision",)),
    Field("filed_at", T("备案时间", "Filed at"), "datetime", times=by_record(Cite("R-DEC-5", "LC 21"))),
], Cite("R-DEC-5", "LC 21"), needs_place=False, needs_party=False, once=True,
    gates=(Gate(("simple_decision",), "recorded", Cite("R-DEC-5", "LC 21")),))

# Service (R-SRV)
SRV = Cite("R-SRV-1", "WH 22, HY-A2 13")
rt("service", T("送达回证", "Proof of service"), [
    Field("document", T("送达文书", "Document served"), "record", refs=("document",)),
    choice("method", T("送达方式", "Method"), SERVICE_METHODS),
    Field("recipient", T("受送达人", "Recipient"), "persons", min_items=1),
    Field("served_at", T("送达时间", "Served at"), "datetime", times=by_record(SRV)),
    Field("signatures", T("签名", "Signatures"), "signatures", signers=("recipient",),
          when=("method", ("direct", "entrusted")), cite=SRV),
    Field("refusal_reason", T("拒收事由", "Why receipt was refused"), "textarea", when=("method", ("lodging",)),
          cite=Cite("R-SRV-2", "LC 24, HY-A2 13")),
    Field("witnesses", T("见证人", "Witnesses"), "persons", min_items=1, when=("method", ("lodging",)),
          cite=Cite("R-SRV-2", "LC 24, HY-A2 13")),
    choice("mail_kind", T("邮寄方式", "Mail kind"), [("registered", T("挂号信", "Registered mail")),
                                                    ("ems", T("邮政特快专递", "EMS"))],
           when=("method", ("mail",)), cite=Cite("R-SRV-3", "WH 22, LC 23")),
    Field("tracking_no", T("邮件号码", "Mail number"), when=("method", ("mail",)), cite=Cite("R-SRV-3", "WH 22")),
    Field("postal_receipt", T("邮寄凭证", "Postal receipt"), when=("method", ("mail",)),
          cite=Cite("R-SRV-3", "WH 22, LC 23")),
    Field("returned", T("邮件被退回", "Mail returned"), "bool", required=False, cite=Cite("R-SRV-3", "WH 22")),
    Field("channel_proof", T("送达记录方式（通话录音、短信、截屏、录屏）",
                             "Proof (call recording, SMS, screenshot, screen video)"),
          when=("method", ("fax_email",)), cite=Cite("R-SRV-4", "WH 22")),
    Field("fax_or_address", T("传真号码或电子邮箱", "Fax number or e-mail address"), when=("method", ("fax_email",)),
          cite=Cite("R-SRV-4", "WH 22")),
    Field("entrust_reason", T("委托、转交理由", "Why entrusted or forwarded"), "textarea",
          when=("method", ("entrusted",)), cite=Cite("R-SRV-5", "WH 22, HY-A2 13")),
    Field("entrusted_server", T("受托送达人", "Entrusted server"), when=("method", ("entrusted",)),
          cite=Cite("R-SRV-5", "WH 22, HY-A2 13")),
    Field("why_announced", T("采用公告送达的原因（其他方式无法送达）", "Why other methods failed"), "textarea",
          when=("method", ("announcement",)), cite=Cite("R-SRV-6", "WH 22, LC 25")),
    Field("medium", T("公告载体", "Medium"), when=("method", ("announcement",)), cite=Cite("R-SRV-6", "WH 22")),
    Field("announced_from", T("公告起始日期", "Announced from"), "date", when=("method", ("announcement",)),
          cite=Cite("R-SRV-6", "WH 22"), times=by_record(Cite("R-SRV-6", "WH 22"))),
    Field("announced_until", T("公告届满日期", "Announced until"), "date", when=("method", ("announcement",)),
          cite=Cite("R-SRV-6", "WH 22"), times=after_field("announced_from", Cite("R-SRV-6", "WH 22"))),
    Field("notice_kept", T("公告留存编号", "Kept copy of the notice (file no.)"), when=("method", ("announcement",)),
          cite=Cite("R-SRV-6", "WH 22, LC 25")),
], SRV, min_officers=1, officers_when=("method", ("direct", "lodging"), 2),
    av=AVRule(Cite("R-INV-6", "YZ 9, HY-A2 13; R-SRV-2 LC 24"), when=("method", ("lodging", "announcement"))))

# Execution (R-EXE)
EXE1 = Cite("R-EXE-1", "WH 23")
rt("performance_check", T("履行情况检查记录", "Performance check"), [
    Field("decision", T("所检查的决定", "Decision checked"), "record", refs=("decision", "simple_decision",
                                                                            "coercion_decision",
                                                                            "requisition_decision",
                                                                            "execution_decision")),
    choice("performed", T("履行情况", "Performed"), [("full", T("已全部履行", "In full")),
                                                    ("partial", T("部分履行", "In part")),
                                                    ("none", T("未履行", "Not at all"))]),
    Field("details", T("检查情况", "Details"), "textarea"),
], EXE1, effect="performance")

rt("rectification_order", T("责令改正（限期整改）通知书", "Order to rectify"), [
    Field("items", T("整改事项", "What to rectify"), "items", min_items=1),
    Field("rectify_by", T("整改期限", "Rectify by"), "date", times=after_record(EXE1)),
    basis(),
], EXE1, document=True)

rt("rectification_check", T("整改复查记录", "Rectification check"), [
    Field("order", T("对应整改通知", "Order checked"), "record", refs=("rectification_order",)),
    choice("result", T("复查结果", "Result"), [("done", T("已整改", "Rectified")),
                                               ("not_done", T("未整改", "Not rectified"))]),
    Field("details", T("复查情况", "Details"), "textarea"),
], EXE1, gates=(Gate(("rectification_order",), "recorded", EXE1),))

EXE2 = Cite("R-EXE-2", "WH 24, LC 28; 行政强制法 35")
rt("reminder", T("催告书", "Reminder to perform"), [
    Field("obligations", T("履行义务", "Obligations"), "textarea"),
    Field("perform_by", T("履行期限", "Perform by"), "date", times=after_record(EXE2)),
    Field("perform_manner", T("履行方式", "Manner of performance")),
    Field("rights", T("当事人依法享有的陈述申辩权", "The party's right to state and defend"), "true", cite=EXE2),
], EXE2, needs_place=False, document=True)

EXE3 = Cite("R-EXE-3", "WH 25, HY-A2 15")
rt("execution_decision", T("强制执行决定书", "Compulsory execution decision"), [
    Field("measures", T("强制执行方式", "Means of execution"), "textarea"),
    basis(),
    Field("remedies", T("救济途径和期限", "Remedies and their deadlines"), "textarea"),
], EXE3, needs_place=False, document=True, decision=True, approval=("agency_head",),
    gates=(Gate(("reminder",), "served", EXE2),))

rt("execution_record", T("强制执行现场笔录", "On-site record of compulsory execution"), [
    choice("kind", T("执行类型", "Kind"), [("general", T("一般强制执行", "General")),
                                          ("demolition", T("强制拆除", "Forced demolition")),
                                          ("destruction", T("罚没物品销毁", "Destruction of confiscated goods"))]),
    Field("present", T("在场人员", "Persons present"), "persons", min_items=1),
    Field("process", T("执行经过", "What was done"), "textarea"),
    CERT_SHOWN,
    signatures("officers", "witness"),
], EXE3, min_officers=2, gates=(Gate(("execution_decision",), "served", EXE3),),
    av=AVRule(Cite("R-INV-6", "YZ 9, YZ 10(7)"), when=("kind", ("demolition", "destruction"))))

rt("court_application", T("申请人民法院强制执行", "Application to the people's court"), [
    Field("court", T("人民法院", "Court")),
    Field("applied_at", T("申请时间", "Applied at"), "datetime", times=by_record(EXE3)),
    Field("reminder", T("催告书", "Reminder"), "record", refs=("reminder",), cite=EXE3),
    Field("result", T("法院处理结果", "Court's result"), "textarea", required=False),
], EXE3, needs_place=False, gates=(Gate(("reminder",), "served", EXE3),))

# Audio-video continuity (R-AV-3): an interruption is explained when recording resumes, or in writing with
# a report to the head when it cannot go on. Usable at any stage.
AV3 = Cite("R-AV-3", "WH 7, YZ 13, HY-A6 14")
rt("av_interruption", T("音像记录中断说明", "Explanation of an interruption in audio-video recording"), [
    Field("step", T("所记录的环节", "Step being recorded"), "record", refs=tuple(
        code for code, r in R.items() if r.av is not None), cite=AV3),
    Field("gap_from", T("中断开始", "Interrupted from"), "datetime", times=by_record(AV3)),
    Field("gap_to", T("恢复记录", "Resumed at"), "datetime", times=(*after_field("gap_from", AV3), *by_record(AV3))),
    Field("reason", T("中断原因", "Why it was interrupted"), "textarea",
          help=T("设备故障、损坏，天气恶劣，电量或存储空间不足等", "fault, damage, weather, battery or storage")),
    choice("manner", T("说明方式", "How explained"), [
        ("spoken", T("恢复记录时语音说明", "Spoken when recording resumed")),
        ("written", T("书面说明并报告负责人", "In writing, reported to the head"))]),
    Field("reported_to", T("报告的负责人", "Head reported to"), when=("manner", ("written",)), cite=AV3),
], AV3, needs_place=False, needs_party=False)

# Special stages shared by families (中止, 延期) and closure
rt("suspension", T("中止审批表", "Approval of suspension"), [
    Field("reason", T("中止理由", "Reason"), "textarea"), basis(),
], Cite("R-PROC-1", "WH 3, DXH 5–7"), needs_place=False, approval=HEADS, effect="suspend")
rt("resumption", T("恢复审批表", "Approval of resumption"), [
    Field("reason", T("恢复理由", "Reason"), "textarea"),
], Cite("R-PROC-1", "WH 3, DXH 5–7"), needs_place=False, approval=HEADS, effect="resume")
rt("extension", T("延期审批表", "Approval of extension"), [
    Field("deadline", T("延长的期限", "Deadline extended")),
    Field("reason", T("延期理由", "Reason"), "textarea"), basis(),
], Cite("R-PROC-1", "WH 3, DXH 5–7"), needs_place=False, approval=HEADS, effect="extend")
rt("closure", T("结案审批表", "Closure report"), [
    choice("result", T("结案情形", "How it ended"), [("performed", T("已履行", "Performed")),
                                                    ("executed", T("已强制执行", "Executed")),
                                                    ("no_penalty", T("不予处罚", "No penalty")),
                                                    ("no_measure", T("无需处理", "Nothing to do")),
                                                    ("other", T("其他", "Other"))]),
    Field("summary", T("结案情况", "Summary"), "textarea"),
], Cite("R-PROC-1", "WH 3; R-ARC-1 WH 26"), needs_place=False, approval=HEADS, once=True, effect="close")

# Coercion (R-PROC-2)
COE = Cite("R-PROC-2", "HY-A2 10, 30, 31")
rt("coercion_request", T("行政强制措施审批表", "Request for approval of a coercive measure"), [
    choice("measure", T("强制措施", "Measure"), COERCIVE_MEASURES),
    basis(),
    Field("necessity", T("实施必要性", "Why it is necessary"), "textarea", cite=Cite("R-PROC-2", "HY-A2 31")),
    Field("items", T("涉及场所、设施或财物", "Premises, facilities or goods"), "items", min_items=1),
    Field("handler_opinion", T("承办人意见", "Handler's opinion with reasons"), "textarea",
          cite=Cite("R-PROC-7", "LC 6")),
], COE, needs_place=False, approval=HEADS, once=True, effect="filed")
rt("coercion_decision", T("查封（扣押）决定书及清单", "Sealing or seizure decision and list"), [
    choice("measure", T("强制措施", "Measure"), COERCIVE_MEASURES),
    Field("items", T("物品清单", "List of goods"), "items", min_items=1),
    basis(),
    Field("term_until", T("期限至", "Term until"), "date", times=after_record(COE)),
    Field("remedies", T("救济途径和期限", "Remedies and their deadlines"), "textarea"),
    CERT_SHOWN, AV_NOTICE,
    signatures("party", "officers"),
], COE, min_officers=2, document=True, decision=True, once=True,
    av=AVRule(Cite("R-INV-6", "YZ 9, HY 3, HY-A2 10, 30")),
    gates=(Gate(("coercion_request",), "approved", COE, unless_case="emergency"),))
rt("coercion_release", T("解除查封（扣押）决定书或处理决定", "Release or disposal of sealed or seized goods"), [
    choice("outcome", T("处理结果", "Outcome"), [("release", T("解除", "Released")),
                                                ("confiscate", T("没收", "Confiscated")),
                                                ("destroy", T("销毁", "Destroyed"))]),
    Field("items", T("物品", "Goods"), "items", min_items=1),
    basis(),
], COE, document=True, decision=True,
    av=AVRule(Cite("R-INV-6", "YZ 10(7)"), when=("outcome", ("destroy",))))

# Inspection (R-PROC-3, R-SUP-3)
INS = Cite("R-PROC-3", "WH 3, DXH 5–7; R-SUP-3 HY-A2 36")
rt("inspection_record", T("行政检查记录", "Inspection record"), [
    Field("item", T("检查事项", "Inspection item")),
    Field("object", T("检查对象", "Object")),
    Field("method", T("检查方式", "Method")),
    CERT_SHOWN, AV_NOTICE,
    Field("findings", T("检查结果", "Result"), "textarea"),
    signatures("party", "officers"),
], INS, min_officers=2, once=True, av=AVRule(Cite("R-INV-6", "LC 13, YZ 9")))
rt("inspection_opinion", T("检查意见书", "Inspection opinion"), [
    Field("conclusion", T("检查结论", "Conclusion"), "textarea"),
    Field("requirements", T("处理意见", "Requirements"), "textarea", required=False),
    signatures("party"),
], INS, needs_place=False, document=True, decision=True, once=True)

# Requisition (R-PROC-4)
REQ = Cite("R-PROC-4", "WH 3, DXH 5–7")
rt("argumentation", T("论证记录", "Argumentation record"), [
    Field("participants", T("参加人员", "Participants"), "persons", min_items=1),
    Field("conclusion", T("论证结论", "Conclusion"), "textarea"),
], REQ, needs_party=False, once=True)
rt("consultation", T("征求意见记录", "Consultation record"), [
    Field("consulted", T("征求意见对象", "Who was consulted"), "persons", min_items=1),
    Field("opinions", T("意见及采纳情况", "Opinions and how they were taken"), "textarea"),
], REQ, needs_place=False)
rt("requisition_review", T("征收征用审核意见", "Review of the requisition"), [
    Field("opinion", T("审核意见", "Opinion"), "textarea"),
    Field("handler_opinion", T("承办人意见", "Handler's opinion with reasons"), "textarea"),
], REQ, needs_place=False, approval=HEADS, once=True)
rt("requisition_decision", T("征收（征用）决定书", "Requisition decision"), [
    Field("object", T("征收征用对象", "What is requisitioned"), "items", min_items=1),
    basis(),
    Field("compensation", T("补偿标准和方式", "Compensation"), "textarea"),
    Field("remedies", T("救济途径和期限", "Remedies and their deadlines"), "textarea"),
], REQ, needs_place=False, document=True, decision=True, once=True,
    gates=(Gate(("requisition_review",), "approved", REQ),))
rt("announcement", T("征收征用公告", "Requisition announcement"), [
    Field("medium", T("公告载体", "Medium")),
    Field("announced_from", T("公告起始日期", "From"), "date", times=after_record(Cite("R-SRV-6", "WH 22"))),
    Field("announced_until", T("公告届满日期", "Until"), "date",
          times=after_field("announced_from", Cite("R-SRV-6", "WH 22"))),
    Field("photos", T("起止日期现场照片编号", "Photos on the first and last day (file nos.)"), "items", min_items=2,
          cite=Cite("R-SRV-6", "WH 22, LC 25")),
], Cite("R-SRV-6", "WH 22, LC 25"), needs_party=False, document=True)
rt("implementation", T("实施记录", "Implementation record"), [
    Field("process", T("实施经过", "What was done"), "textarea"),
    CERT_SHOWN, AV_NOTICE,
    signatures("party", "officers"),
], REQ, min_officers=2, gates=(Gate(("requisition_decision",), "served", REQ),))
rt("compensation", T("补偿记录", "Compensation record"), [
    Field("amount", T("补偿金额（元）", "Amount (yuan)"), "decimal"),
    Field("paid_at", T("支付时间", "Paid at"), "datetime", times=by_record(REQ)),
    Field("recipient", T("领取人", "Recipient"), "persons", min_items=1),
], REQ, needs_place=False)

# Licence and the other application-started families (R-PROC-5)
LIC = Cite("R-PROC-5", "WH 3, DXH 5–7")
rt("verification", T("核验（现场核查）记录", "Verification record"), [
    Field("checked", T("核验内容", "What was verified"), "textarea"),
    Field("result", T("核验结果", "Result"), "textarea"),
    CERT_SHOWN,
], LIC, min_officers=2)
rt("examination", T("审查意见", "Examination opinion"), [
    Field("opinion", T("审查意见", "Opinion"), "textarea"),
    Field("handler_opinion", T("承办人意见", "Handler's opinion with reasons"), "textarea"),
], LIC, needs_place=False, approval=HEADS, once=True)
rt("licence_decision", T("准予（不予）行政许可决定书", "Licence decision"), [
    choice("outcome", T("决定", "Outcome"), [("grant", T("准予", "Grant")), ("deny", T("不予", "Deny"))]),
    Field("content", T("决定内容", "What is decided"), "textarea"),
    basis(),
    Field("reasons", T("不予许可的理由", "Reasons for denial"), "textarea", when=("outcome", ("deny",))),
    Field("remedies", T("救济途径和期限", "Remedies and their deadlines"), "textarea", when=("outcome", ("deny",))),
], LIC, needs_place=False, document=True, decision=True, once=True,
    gates=(Gate(("examination",), "approved", LIC),))


# --- procedures -------------------------------------------------------------------------------------
def stage(code, name, records, cite, **kw) -> Stage:
    unknown = [r for r in records if r not in R]
    if unknown:
        raise ValueError(f"stage {code}: unknown record types {unknown}")
    return Stage(code, name, tuple(records), cite, **kw)


SUSPEND = stage("suspend", T("中止", "Suspension"), ["suspension", "resumption"], Cite("R-PROC-1", "WH 3, DXH 5–7"),
                window=None)
EXTEND = stage("extend", T("延期", "Extension"), ["extension"], Cite("R-PROC-1", "WH 3, DXH 5–7"), window=None)
CLOSE = stage("close", T("终结", "Closure"), ["closure"], Cite("R-PROC-1", "WH 3; R-ARC-1 WH 26"),
              completes=("closure",), completes_state="approved")
AV_NOTE = stage("av_note", T("音像记录说明", "Audio-video notes"), ["av_interruption"], AV3)
EXECUTE = stage("execute", T("执行", "Execution"), ["performance_check", "rectification_order", "rectification_check",
                                                    "reminder", "statement", "execution_decision", "execution_record",
                                                    "court_application"], Cite("R-EXE-1", "WH 23–25"),
                optional=True)


def with_window(s: Stage, first: str, last: str) -> Stage:
    return Stage(s.code, s.name, s.records, s.cite, window=(first, last))


P1 = Cite("R-PROC-1", "WH 3, DXH 5–7, LC 4, YZ 2, HY-A2 3")
ANY_EVIDENCE = ["inquiry", "site_inspection", "appraisal_commission", "appraisal_report", "evidence_request",
                "refusal", "investigation_report"]

MAKEUP = Deadline("makeup_approval", T("紧急启动后补办审批", "Make-up approval after an emergency start"),
                  ("emergency_start", "recorded"), (("filing_approval", "approved"), ("coercion_request", "approved")),
                  Cite("R-START-4", "WH 12, DXH 12, HY-A2 6"), profile_key="makeup_approval", pauses=False)
SERVE_DECISION = Deadline("serve_decision", T("决定书送达", "Service of the decision"),
                          ("decision", "issued"), (("decision", "served"),),
                          Cite("R-SRV-1", "WH 22; 行政处罚法 61"), profile_key="serve_decision")
PERFORM = Deadline("performance", T("履行期限届满后检查履行情况", "Check performance when its term ends"),
                   ("decision", "served"), (("performance_check", "recorded"),),
                   Cite("R-EXE-1", "WH 23"), from_field="perform_by", profile_key="performance_check")
RECTIFY = Deadline("rectification", T("整改期限届满后复查", "Check rectification when its term ends"),
                   ("rectification_order", "issued"), (("rectification_check", "recorded"),),
                   Cite("R-EXE-1", "WH 23"), from_field="rectify_by", profile_key="rectification_check")

PROCEDURES: dict[str, Procedure] = {}


def procedure(p: Procedure) -> Procedure:
    PROCEDURES[p.code] = p
    return p


procedure(Procedure(
    "penalty", "penalty", T("行政处罚（普通程序）", "Administrative penalty (general procedure)"),
    stages=(
        stage("intake", T("受案", "Intake"), ["case_source"], Cite("R-START-2", "WH 13, DXH 13"),
              completes=("case_source",)),
        stage("file", T("立案", "Filing"), ["filing_approval", "not_filing"], Cite("R-START-3", "WH 12, DXH 12"),
              completes=("filing_approval",), completes_state="approved"),
        stage("investigate", T("调查取证", "Investigation"), ANY_EVIDENCE, P1,
              completes=("investigation_report",)),
        stage("review", T("审核", "Review"), ["draft_decision", "collective_discussion", "expert_opinion", "statement"],
              Cite("R-DEC-1", "LC 15; R-DEC-2 WH 20"), completes=("draft_decision",), completes_state="approved"),
        stage("decide", T("决定", "Decision"), ["decision", "no_penalty"], DEC3,
              completes=("decision", "no_penalty"), completes_state="approved"),
        stage("serve", T("送达", "Service"), ["service"], SRV, completes=("decision",), completes_state="served"),
        EXECUTE, CLOSE,
    ),
    specials=(
        with_window(stage("emergency", T("紧急先行启动", "Emergency start"), ["emergency_start"],
                          Cite("R-START-4", "WH 12")), "intake", "file"),
        with_window(stage("sample", T("抽样调查", "Sampling"), ["sampling"], P1), "investigate", "review"),
        with_window(stage("preserve", T("先行登记保存", "Evidence preservation"), ["preservation"],
                          Cite("R-INV-4", "WH 16, LC 14")), "investigate", "review"),
        with_window(stage("notify", T("事先告知", "Prior notice"), ["rights_notice", "statement"],
                          Cite("R-INV-5", "WH 17, HY-A2 9")), "investigate", "decide"),
        with_window(stage("hearing", T("听证", "Hearing"), ["hearing_notice", "hearing_record"], P1),
                    "investigate", "decide"),
        with_window(SUSPEND, "file", "execute"), with_window(EXTEND, "file", "execute"),
        with_window(stage("serve_any", T("文书送达", "Service of documents"), ["service"], SRV), "investigate",
                    "close"),
    ),
    cite=P1, power_categories=("penalty",),
    deadlines=(
        MAKEUP,
        Deadline("penalty_decision", T("作出处罚决定", "Penalty decision"), ("filing_approval", "approved"),
                 (("decision", "issued"), ("no_penalty", "approved"), ("closure", "recorded")),
                 Cite("R-PROC-1", "行政处罚法 60"), profile_key="penalty_decision", extendable=True),
        SERVE_DECISION, PERFORM, RECTIFY,
    ),
))

procedure(Procedure(
    "penalty_simple", "penalty", T("行政处罚（简易程序）", "Administrative penalty (simple procedure)"),
    stages=(
        stage("decide", T("当场决定", "On-the-spot decision"), ["simple_decision"], Cite("R-DEC-5", "LC 21"),
              completes=("simple_decision",)),
        stage("file_with_organ", T("备案", "Filing with the organ"), ["simple_filing"], Cite("R-DEC-5", "LC 21"),
              completes=("simple_filing",)),
        EXECUTE, CLOSE,
    ),
    specials=(with_window(stage("serve_any", T("文书送达", "Service of documents"), ["service"], SRV), "decide",
                          "close"),),
    cite=Cite("R-DEC-5", "LC 21"), power_categories=("penalty",),
    deadlines=(Deadline("simple_filing", T("简易程序决定备案", "Filing of the on-the-spot decision"),
                        ("simple_decision", "recorded"), (("simple_filing", "recorded"),),
                        Cite("R-DEC-5", "LC 21; 行政处罚法 52"), profile_key="simple_filing"), PERFORM),
))

procedure(Procedure(
    "coercion", "coercion", T("行政强制", "Administrative coercion"),
    stages=(
        stage("request", T("呈批", "Request for approval"), ["coercion_request"], COE,
              completes=("coercion_request",), completes_state="approved"),
        stage("decide", T("决定", "Decision"), ["coercion_decision"], COE, completes=("coercion_decision",)),
        stage("remind", T("催告", "Reminder"), ["reminder", "statement"], EXE2, completes=("reminder",),
              completes_state="served", optional=True),
        stage("serve", T("送达", "Service"), ["service"], SRV, completes=("coercion_decision",),
              completes_state="served"),
        stage("implement", T("实施", "Implementation"), ["execution_decision", "execution_record", "court_application",
                                                         "coercion_release", "performance_check"],
              Cite("R-EXE-3", "WH 25, HY-A2 15"), completes=("coercion_release", "execution_record",
                                                              "court_application")),
        CLOSE,
    ),
    specials=(
        with_window(stage("emergency", T("当场实施（紧急）", "On-the-spot measure in an emergency"),
                          ["emergency_start"], Cite("R-PROC-2", "HY-A2 31")), "request", "request"),
        with_window(stage("evidence", T("调查取证", "Evidence"), ["inquiry", "site_inspection", "refusal"], COE),
                    "request", "implement"),
        with_window(SUSPEND, "decide", "implement"), with_window(EXTEND, "decide", "implement"),
        with_window(stage("serve_any", T("文书送达", "Service of documents"), ["service"], SRV), "decide", "close"),
    ),
    cite=COE, power_categories=("coercion",),
    deadlines=(
        Deadline("makeup_approval", MAKEUP.name, ("emergency_start", "recorded"), (("coercion_request", "approved"),),
                 Cite("R-PROC-2", "HY-A2 31; 行政强制法 19"), profile_key="coercion_makeup", pauses=False),
        Deadline("seizure_term", T("查封扣押期限", "Term of sealing or seizure"), ("coercion_decision", "issued"),
                 (("coercion_release", "recorded"),), Cite("R-PROC-2", "行政强制法 25"), profile_key="seizure_term",
                 extendable=True),
    ),
))

procedure(Procedure(
    "inspection", "inspection", T("行政检查", "Administrative inspection"),
    stages=(
        stage("check", T("现场核查", "On-site check"), ["inspection_record"], INS, completes=("inspection_record",)),
        stage("opinion", T("签署检查意见", "Inspection opinion"), ["inspection_opinion"], INS,
              completes=("inspection_opinion",)),
        stage("serve", T("送达", "Service"), ["service"], SRV, completes=("inspection_opinion",),
              completes_state="served"),
        EXECUTE, CLOSE,
    ),
    specials=(
        with_window(stage("inquire", T("询问", "Inquiry"), ["inquiry", "refusal"], INS), "check", "serve"),
        with_window(stage("survey", T("勘验", "Survey"), ["site_inspection"], INS), "check", "serve"),
        with_window(stage("sample", T("抽样", "Sampling"), ["sampling"], INS), "check", "serve"),
        with_window(stage("appraise", T("鉴定", "Appraisal"), ["appraisal_commission", "appraisal_report"], INS),
                    "check", "serve"),
        with_window(stage("rectify", T("责令改正", "Order to rectify"), ["rectification_order"], INS),
                    "opinion", "execute"),
        with_window(stage("recheck", T("复查", "Re-check"), ["rectification_check"], INS), "opinion", "execute"),
        with_window(stage("serve_any", T("文书送达", "Service of documents"), ["service"], SRV), "check", "close"),
    ),
    cite=INS, power_categories=("inspection",), deadlines=(RECTIFY,),
))

procedure(Procedure(
    "requisition", "requisition", T("实物征收征用", "Requisition of property"),
    stages=(
        stage("argue", T("论证", "Argumentation"), ["argumentation", "expert_opinion"], REQ,
              completes=("argumentation",)),
        stage("consult", T("征求意见", "Consultation"), ["consultation"], REQ, completes=("consultation",)),
        stage("review", T("审核", "Review"), ["requisition_review", "collective_discussion"], REQ,
              completes=("requisition_review",), completes_state="approved"),
        stage("decide", T("决定", "Decision"), ["requisition_decision"], REQ, completes=("requisition_decision",)),
        stage("serve", T("送达", "Service"), ["service"], SRV, completes=("requisition_decision",),
              completes_state="served"),
        stage("implement", T("实施", "Implementation"), ["implementation"], REQ, completes=("implementation",)),
        stage("compensate", T("补偿", "Compensation"), ["compensation"], REQ, completes=("compensation",)),
        CLOSE,
    ),
    specials=(
        with_window(stage("announce", T("公告", "Announcement"), ["announcement"], Cite("R-SRV-6", "WH 22, LC 25")),
                    "decide", "implement"),
        with_window(SUSPEND, "consult", "compensate"), with_window(EXTEND, "consult", "compensate"),
        with_window(stage("serve_any", T("文书送达", "Service of documents"), ["service"], SRV), "decide", "close"),
    ),
    cite=REQ, power_categories=("requisition",), deadlines=(Deadline(
        "serve_decision", SERVE_DECISION.name, ("requisition_decision", "issued"),
        (("requisition_decision", "served"),), Cite("R-SRV-1", "WH 22"), profile_key="serve_decision"),),
))

LICENCE_DEADLINES = (
    Deadline("supplement_notice", T("一次性告知补正", "One-time supplement notice"), ("application", "recorded"),
             (("supplement_notice", "recorded"), ("acceptance", "recorded")),
             Cite("R-START-1", "WH 10, LC 8; 行政许可法 32"), profile_key="supplement_notice"),
    Deadline("licence_decision", T("作出决定", "Decision on the application"), ("acceptance", "recorded"),
             (("licence_decision", "issued"),), Cite("R-PROC-5", "行政许可法 42"), profile_key="licence_decision",
             extendable=True),
    Deadline("serve_decision", T("决定书送达", "Service of the decision"), ("licence_decision", "issued"),
             (("licence_decision", "served"),), Cite("R-SRV-1", "WH 22; 行政许可法 44"), profile_key="licence_issue"),
)
procedure(Procedure(
    "licence", "licence",
    T("行政许可、确认、征收、给付、奖励、裁决", "Licence, confirmation, fee, payment, award, ruling"),
    stages=(
        stage("receive", T("接收", "Receipt"), ["application"], Cite("R-START-1", "WH 10, LC 8"),
              completes=("application",)),
        stage("accept", T("受理", "Acceptance"), ["acceptance"], Cite("R-START-1", "WH 10, LC 8"),
              completes=("acceptance",)),
        stage("verify", T("核验", "Verification"), ["verification"], LIC, completes=("verification",), optional=True),
        stage("examine", T("审查", "Examination"), ["examination", "expert_opinion", "collective_discussion"], LIC,
              completes=("examination",), completes_state="approved"),
        stage("decide", T("决定", "Decision"), ["licence_decision"], LIC, completes=("licence_decision",)),
        stage("serve", T("送达", "Service"), ["service"], SRV, completes=("licence_decision",),
              completes_state="served"),
        CLOSE,
    ),
    specials=(
        with_window(stage("supplement", T("补正", "Supplement"), ["supplement_notice", "supplement_receipt"],
                          Cite("R-START-1", "WH 10, LC 8")), "accept", "accept"),
        with_window(stage("hearing", T("听证", "Hearing"), ["hearing_notice", "hearing_record"], LIC),
                    "verify", "decide"),
        with_window(SUSPEND, "accept", "decide"), with_window(EXTEND, "accept", "decide"),
        with_window(stage("serve_any", T("文书送达", "Service of documents"), ["service"], SRV), "accept", "close"),
    ),
    cite=LIC, power_categories=("licence", "confirmation", "fee", "payment", "award", "ruling"),
    deadlines=LICENCE_DEADLINES,
))

# Every procedure may note an interruption of its audio-video at any stage (R-AV-3).
for _code, _proc in list(PROCEDURES.items()):
    PROCEDURES[_code] = dataclasses.replace(_proc, specials=(*_proc.specials, AV_NOTE))

# What a party never sees of its case (R-ARC-5, WH 30; HY-A1 13: "内部讨论记录、审查审批流程记录、与其他机关
# 的商请函、请示报告"): every internal approval form (the R-PROC-7 chain, not a document issued to the party), and
# the registrations, discussions, opinions and reports that stay inside the agency.
INTERNAL = Cite("R-ARC-5", "WH 30, HY-A1 13")
INTERNAL_TYPES = ("case_source", "emergency_start", "investigation_report", "collective_discussion", "expert_opinion",
                  "simple_filing", "av_interruption", "argumentation", "consultation")
for _code, _rt in list(R.items()):
    if (_rt.approval and not _rt.document) or _code in INTERNAL_TYPES:
        R[_code] = dataclasses.replace(_rt, internal=True)

FAMILIES = {"penalty": T("行政处罚", "Penalty"), "coercion": T("行政强制", "Coercion"),
            "inspection": T("行政检查", "Inspection"), "requisition": T("征收征用", "Requisition"),
            "licence": T("许可等依申请事项", "Licence and other applications")}

# Case flags that the catalogue's conditions refer to.
CASE_FLAGS = ("major", "emergency", "supplement_pending")

# Abbreviations in document numbers (文书编号), e.g. 罚决 in ××罚决字〔2026〕第3号.
DOC_ABBR = {
    "supplement_notice": "补正", "acceptance": "受理", "sampling": "抽样", "preservation": "登保",
    "appraisal_commission": "检委", "evidence_request": "调证", "rights_notice": "罚告", "hearing_notice": "听通",
    "decision": "罚决", "simple_decision": "简罚", "rectification_order": "责改", "reminder": "催告",
    "execution_decision": "强执", "coercion_decision": "强措", "coercion_release": "解措", "inspection_opinion": "检意",
    "requisition_decision": "征决", "announcement": "征告", "licence_decision": "许决",
}
