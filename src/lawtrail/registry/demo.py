"""Demo data: one district comprehensive enforcement bureau with its units, ten officers, a powers
list, legal bases, discretion standards, case causes and one user for every role. Written through the
actions like any other data, so the demo trail verifies too."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction

from lawtrail.access import actions as access_actions
from lawtrail.access.models import User
from lawtrail.access.roles import Role
from lawtrail.ledger import store
from lawtrail.registry import actions
from lawtrail.registry.models import Agency

AGENCY_CODE = "DEMO-ZHZF"

UNITS = [
    ("办公室", "office"), ("法制科", "legal"), ("案件审理科", "handling"),
    ("市容环卫执法中队", "squad"), ("城乡规划执法中队", "squad"), ("环境保护执法中队", "squad"),
]

OFFICERS = [  # name, unit, post, certificate number, category
    ("张伟", "市容环卫执法中队", "中队长", "42011200001", "城市管理"),
    ("王芳", "市容环卫执法中队", "执法队员", "42011200002", "城市管理"),
    ("李强", "市容环卫执法中队", "执法队员", "42011200003", "城市管理"),
    ("刘洋", "城乡规划执法中队", "中队长", "42011200004", "规划建设"),
    ("陈静", "城乡规划执法中队", "执法队员", "42011200005", "规划建设"),
    ("杨帆", "环境保护执法中队", "中队长", "42011200006", "生态环境"),
    ("赵磊", "环境保护执法中队", "执法队员", "42011200007", "生态环境"),
    ("黄丽", "案件审理科", "科长", "42011200008", "综合执法"),
    ("周敏", "法制科", "科长", "42011200009", "法制审核"),
    ("吴刚", "案件审理科", "审理员", "42011200010", "综合执法"),
]

LEGAL_BASES = [  # title, level, issuer, article, content
    ("《中华人民共和国行政处罚法》", "law", "全国人民代表大会常务委员会", "第五十五条",
     "执法人员在调查或者进行检查时，应当主动向当事人或者有关人员出示执法证件。"),
    ("《中华人民共和国行政处罚法》", "law", "全国人民代表大会常务委员会", "第五十七条",
     "调查终结，行政机关负责人应当对调查结果进行审查，根据不同情况，分别作出决定。"),
    ("《城市市容和环境卫生管理条例》", "admin_regulation", "国务院", "第十七条",
     "一切单位和个人，都不得在城市建筑物、设施以及树木上涂写、刻画。"),
    ("《城市市容和环境卫生管理条例》", "admin_regulation", "国务院", "第三十四条",
     "有下列行为之一者，城市人民政府市容环境卫生行政主管部门或者其委托的单位除责令其纠正违法行为、"
     "采取补救措施外，可以并处警告、罚款。"),
    ("《中华人民共和国城乡规划法》", "law", "全国人民代表大会常务委员会", "第六十四条",
     "未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府"
     "城乡规划主管部门责令停止建设。"),
    ("《中华人民共和国大气污染防治法》", "law", "全国人民代表大会常务委员会", "第一百一十九条",
     "违反本法规定，在人口集中地区对树木、花草喷洒剧毒、高毒农药，或者露天焚烧秸秆、落叶等产生烟尘"
     "污染的物质的，由县级以上地方人民政府确定的监督管理部门责令改正，并可以处五百元以上二千元以下的罚款。"),
]

POWERS = [  # code, name, category, unit, basis, object, time limit
    ("CF-001", "对在城市建筑物、设施以及树木上涂写、刻画行为的处罚", "penalty", "市容环卫执法中队",
     "《城市市容和环境卫生管理条例》第十七条、第三十四条", "公民、法人或者其他组织", "立案之日起90日"),
    ("CF-002", "对未取得建设工程规划许可证进行建设的处罚", "penalty", "城乡规划执法中队",
     "《中华人民共和国城乡规划法》第六十四条", "公民、法人或者其他组织", "立案之日起90日"),
    ("CF-003", "对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚", "penalty", "环境保护执法中队",
     "《中华人民共和国大气污染防治法》第一百一十九条", "公民、法人或者其他组织", "立案之日起90日"),
    ("QZ-001", "查封、扣押违法建设施工工具", "coercion", "城乡规划执法中队",
     "《中华人民共和国城乡规划法》第六十八条", "违法建设当事人", "30日"),
    ("JC-001", "对市容环境卫生的监督检查", "inspection", "市容环卫执法中队",
     "《城市市容和环境卫生管理条例》第三十四条", "辖区内单位和个人", "即时"),
    ("JC-002", "对违法建设的巡查", "inspection", "城乡规划执法中队",
     "《中华人民共和国城乡规划法》第六十四条", "辖区内建设活动", "即时"),
]

ROLE_USERS = [  # username, role, full name, officer's certificate number or None
    ("officer", Role.OFFICER, "王芳", "42011200002"),
    ("unithead", Role.UNIT_HEAD, "张伟", "42011200001"),
    ("agencyhead", Role.AGENCY_HEAD, "孙建国", None),
    ("legal", Role.LEGAL_REVIEWER, "周敏", "42011200009"),
    ("custodian", Role.RECORDS_CUSTODIAN, "郑红", None),
    ("supervisor", Role.SUPERVISOR, "何平", None),
    ("admin", Role.ADMINISTRATOR, "系统管理员", None),
]


def demo_exists() -> bool:
    return Agency.objects.filter(code=AGENCY_CODE).exists()


def create_demo(today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """Create the demo agency; returns [(username, role, password)]."""
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar date for certificate validity
    logins: list[tuple[str, str, str]] = []
    with transaction.atomic():
        system = User(username="system-setup", is_superuser=True)  # acts for the set-up, never saved
        system.pk = None
        agency = actions.create_agency(user=system, data={
            "code": AGENCY_CODE, "name": "示例区综合行政执法局", "kind": "organ", "region": "示例区",
            "address": "示例区政务服务中心三楼", "phone": "027-83861234", "head_name": "孙建国",
            "duties": "负责本区城市管理、规划建设、生态环境等领域的综合行政执法工作。"})
        admin_password = secrets.token_urlsafe(9)
        admin = access_actions.create_user(user=None, agency=agency, username="admin", password=admin_password,
                                           full_name="系统管理员", roles=[Role.ADMINISTRATOR])
        logins.append(("admin", Role.ADMINISTRATOR.label, admin_password))
        units = {}
        for name, kind in UNITS:
            units[name] = actions.create_unit(user=admin, data={"name": name, "kind": kind})
        officers = {}
        for i, (name, unit, post, cert, category) in enumerate(OFFICERS):
            until = today + dt.timedelta(days=40 if i == 9 else 3 * 365)
            officers[cert] = actions.create_officer(user=admin, data={
                "name": name, "unit": units[unit].pk, "post": post, "cert_no": cert, "category": category,
                "area": "示例区", "cert_valid_from": today - dt.timedelta(days=365), "cert_valid_until": until})
        for unit_name, head_cert in (("市容环卫执法中队", "42011200001"), ("城乡规划执法中队", "42011200004"),
                                     ("环境保护执法中队", "42011200006"), ("案件审理科", "42011200008"),
                                     ("法制科", "42011200009")):
            actions.update_unit(units[unit_name], user=admin, data={"head": officers[head_cert].pk})
        bases = {}
        for title, level, issuer, article, content in LEGAL_BASES:
            bases[(title, article)] = actions.create_legal_basis(user=admin, data={
                "title": title, "level": level, "issuer": issuer, "article": article, "content": content})
        burning = bases[("《中华人民共和国大气污染防治法》", "第一百一十九条")]
        for code, severity, circumstance, measure, low, high in (
            ("DS-119-1", "minor", "首次发现，面积较小，及时熄灭，未造成后果", "责令改正，可以不予处罚", None, None),
            ("DS-119-2", "ordinary", "经责令改正后再次焚烧，或焚烧面积较大", "处五百元以上一千元以下罚款", "500", "1000"),
            ("DS-119-3", "serious", "拒不改正，或造成明显烟尘污染、群众投诉", "处一千元以上二千元以下罚款", "1000", "2000"),
        ):
            actions.create_discretion_standard(user=admin, data={
                "legal_basis": burning.pk, "code": code, "severity": severity, "circumstance": circumstance,
                "measure": measure, "min_amount": low, "max_amount": high})
        powers = {}
        for code, name, category, unit, basis, obj, limit in POWERS:
            powers[code] = actions.create_power(user=admin, data={
                "code": code, "name": name, "category": category, "handling_unit": units[unit].pk,
                "basis_text": basis, "object": obj, "time_limit": limit,
                "legal_bases": [b.pk for (t, _a), b in bases.items() if t in basis]})
        for code, name, power, violated, penalty in (
            ("AY-001", "在城市建筑物、设施以及树木上涂写、刻画", "CF-001", ("《城市市容和环境卫生管理条例》", "第十七条"),
             ("《城市市容和环境卫生管理条例》", "第三十四条")),
            ("AY-002", "未取得建设工程规划许可证进行建设", "CF-002", ("《中华人民共和国城乡规划法》", "第六十四条"),
             ("《中华人民共和国城乡规划法》", "第六十四条")),
            ("AY-003", "露天焚烧秸秆、落叶等产生烟尘污染的物质", "CF-003",
             ("《中华人民共和国大气污染防治法》", "第一百一十九条"), ("《中华人民共和国大气污染防治法》", "第一百一十九条")),
        ):
            actions.create_case_cause(user=admin, data={
                "code": code, "name": name, "power": powers[power].pk, "violated_basis": bases[violated].pk,
                "penalty_basis": bases[penalty].pk})
        for username, role, full_name, cert in ROLE_USERS:
            if username == "admin":
                continue
            password = secrets.token_urlsafe(9)
            access_actions.create_user(user=admin, agency=agency, username=username, password=password,
                                       full_name=full_name, roles=[role],
                                       officer=officers[cert] if cert else None)
            logins.append((username, role.label, password))
        store.make_checkpoint()
    return logins
