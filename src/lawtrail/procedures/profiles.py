"""Rule profiles: the numbers the regulations disagree on, one named set per seed text. An agency picks
one and may override single numbers (procedures/actions.py), each change in the trail.

A profile starts from BASE — national law and the State Council guidance (国办发〔2018〕118号) — and
replaces what its own text states. Each number carries its source, so the UI can say where a deadline
comes from. `None` means the text requires the step but names no period (e.g. LC 9 "事后补报"); no
deadline is computed then, and the agency may set one by override.
"""

from __future__ import annotations

from dataclasses import dataclass

from lawtrail.procedures.model import T
from lawtrail.workdays.calendar import UNITS


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # workdays, days, hours, seconds, end_of_day, months, years (workdays/calendar.py)
    source: str

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit}")

    def as_dict(self) -> dict:
        return {"amount": self.amount, "unit": self.unit, "source": self.source}


def unit_labels() -> dict[str, str]:
    """The period units by their names in the UI language."""
    from django.utils.translation import gettext as _

    return {"workdays": _("working days"), "days": _("days"), "hours": _("hours"), "seconds": _("seconds"),
            "end_of_day": _("end of the day"), "months": _("months"), "years": _("years")}


def amount_text(period: Period) -> str:
    """"2个工作日", "当日" / "2 working days": the amount and its unit as people say them."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    if period.unit == "end_of_day":
        return _("the same day") if not period.amount else _("end of the day + %(n)s days") % {"n": period.amount}
    if (get_language() or "zh-hans").startswith("en"):
        return f"{period.amount} {unit_labels()[period.unit]}"
    words = {"workdays": "个工作日", "days": "日", "hours": "小时", "seconds": "秒", "months": "个月", "years": "年"}
    return f"{period.amount}{words[period.unit]}"


# What each number is, for the settings page and for checking overrides.
KEYS: dict[str, T] = {
    "makeup_approval": T("紧急启动后补办审批期限", "Make-up approval after an emergency start"),
    "coercion_makeup": T("当场实施强制措施后补办批准期限", "Make-up approval after an on-the-spot coercive measure"),
    "penalty_decision": T("立案后作出处罚决定期限", "Penalty decision after filing"),
    "penalty_decision_extension": T("处罚决定期限延长", "Extension of the penalty decision period"),
    "serve_decision": T("决定书送达期限", "Service of a decision"),
    "statement_period": T("事先告知后陈述、申辩期限", "Statement and defence period after the prior notice"),
    "simple_filing": T("简易程序决定备案期限", "Filing of an on-the-spot decision"),
    "performance_check": T("履行期限届满后检查履行情况期限", "Check of performance after its term"),
    "rectification_check": T("整改期限届满后复查期限", "Re-check after the rectification term"),
    "seizure_term": T("查封扣押期限", "Term of sealing or seizure"),
    "seizure_term_extension": T("查封扣押期限延长", "Extension of sealing or seizure"),
    "supplement_notice": T("一次性告知补正期限", "One-time supplement notice"),
    "licence_decision": T("许可决定期限", "Licence decision"),
    "licence_decision_extension": T("许可决定期限延长", "Extension of the licence decision"),
    "licence_issue": T("许可证件颁发送达期限", "Issue and service of the licence"),
    "av_upload": T("音像记录上传存储期限", "Upload of audio-video records"),
    "av_upload_after_return": T("异地执法返回后上传期限", "Upload after returning from field work"),
    "av_retention": T("专用存储音像记录保存期限", "Retention of audio-video on dedicated storage"),
    "av_gap_tolerance": T("音像记录可不作说明的最长间断", "Longest gap in a recording that needs no explanation"),
    "archive": T("执法终结后立卷归档期限", "Case file after the procedure ends"),
    "case_file_retention": T("案卷保存期限", "Retention of case files"),
    "disclosure_penalty_licence": T("处罚、许可决定公示期限", "Publication of penalty and licence decisions"),
    "disclosure_other": T("其他执法决定公示期限", "Publication of other decisions"),
    "legal_review": T("法制审核期限", "Legal review"),
    "legal_review_urgent": T("紧急案件法制审核期限", "Legal review when urgent"),
    "legal_review_extension": T("复杂案件法制审核延长", "Extension of legal review for complex cases"),
    "legal_review_lead": T("法制审核送审提前期（执法期限届满前）", "Submit for legal review before the case deadline"),
    "warn_before": T("到期前提醒（黄色）", "Warn before a deadline (yellow)"),
}

BASE: dict[str, Period | None] = {
    "makeup_approval": Period(24, "hours", "行政强制法 19"),
    "coercion_makeup": Period(24, "hours", "行政强制法 19; HY-A2 31"),
    "penalty_decision": Period(90, "days", "行政处罚法 60"),
    "penalty_decision_extension": Period(30, "days", "市场监督管理行政处罚程序规定 64（各部门规章不一）"),
    "serve_decision": Period(7, "workdays", "行政处罚法 61, 85"),
    # 行政处罚法 44–45 give the right but no period; 64(一) gives 5 days to ask for a hearing after the notice,
    # and departmental rules use the same (e.g. 市场监督管理行政处罚程序规定: 五个工作日). The decision waits for
    # it unless the party's statement or written waiver is recorded (R-INV-5).
    "statement_period": Period(5, "days", "行政处罚法 44、45、64（一）"),
    "simple_filing": None,  # 行政处罚法 52 requires filing, names no period
    # WH 23 asks for the checks but names no period: a default an agency sets to its own practice.
    "performance_check": Period(5, "workdays", "系统默认值（WH 23 未规定期限）"),
    "rectification_check": Period(3, "workdays", "系统默认值（WH 23 未规定期限）"),
    "seizure_term": Period(30, "days", "行政强制法 25"),
    "seizure_term_extension": Period(30, "days", "行政强制法 25"),
    "supplement_notice": Period(5, "workdays", "行政许可法 32, 82"),
    "licence_decision": Period(20, "workdays", "行政许可法 42, 82"),
    "licence_decision_extension": Period(10, "workdays", "行政许可法 42"),
    "licence_issue": Period(10, "workdays", "行政许可法 44"),
    "av_upload": None,
    "av_upload_after_return": None,
    "av_retention": None,
    # No text gives a number: WH 7 and HY-A6 14 ask for continuous recording and an explanation of any
    # interruption. A minute absorbs a camera's file splitting; an agency may set its own.
    "av_gap_tolerance": Period(60, "seconds", "系统默认值（各文本均未规定）"),
    "archive": Period(30, "days", "WH 26, LC 30, DXH 27, HY-A2 16"),
    "case_file_retention": None,
    "disclosure_penalty_licence": Period(7, "workdays", "国办发〔2018〕118号"),
    "disclosure_other": Period(20, "workdays", "国办发〔2018〕118号"),
    "legal_review": Period(3, "workdays", "HY-A3 11"),
    "legal_review_urgent": Period(1, "workdays", "HY-A3 11"),
    "legal_review_extension": Period(2, "workdays", "HY-A3 11"),
    "legal_review_lead": Period(10, "workdays", "HY-A3 (送审材料应当在执法期限届满10个工作日前报送)"),
    "warn_before": Period(2, "workdays", "系统默认值"),
}
if set(BASE) != set(KEYS):
    raise ValueError("BASE and KEYS name different numbers")

SEEDS: dict[str, tuple[T, dict[str, Period | None]]] = {
    "wuhan": (T("武汉市（WH）", "Wuhan (WH)"), {
        "makeup_approval": Period(2, "workdays", "WH 12"),
        "av_upload": Period(2, "workdays", "WH 26"),
        "av_upload_after_return": Period(1, "workdays", "WH 26"),
        "av_retention": Period(3, "months", "WH 27"),
    }),
    "dongxihu": (T("武汉市东西湖区（DXH）", "Dongxihu, Wuhan (DXH)"), {
        "makeup_approval": Period(2, "workdays", "DXH 12"),
        "av_upload": Period(2, "workdays", "DXH 9"),
        "av_upload_after_return": Period(1, "workdays", "DXH 9"),
        "av_retention": Period(3, "months", "DXH 28"),
        "archive": Period(30, "days", "DXH 27"),
        "case_file_retention": Period(10, "years", "DXH 28"),
    }),
    "lingchuan": (T("陵川县（LC）", "Lingchuan (LC)"), {
        "makeup_approval": None,  # LC 9: "情况紧急的，可以事后补报" — no period named
        "av_upload": Period(24, "hours", "LC 30"),
        "archive": Period(30, "days", "LC 30"),
    }),
    "yanzhou": (T("济宁市兖州区（YZ）", "Yanzhou, Jining (YZ)"), {
        "makeup_approval": None,  # YZ names no emergency start period
        "av_upload": Period(0, "end_of_day", "YZ 18"),
        "av_retention": Period(6, "months", "YZ 19"),
    }),
    "hengyang": (T("衡阳市（HY）", "Hengyang (HY)"), {
        "makeup_approval": Period(24, "hours", "HY-A2 6"),
        "coercion_makeup": Period(24, "hours", "HY-A2 31"),
        "av_upload": Period(24, "hours", "HY-A2 16"),
        "av_upload_after_return": Period(24, "hours", "HY-A6 19"),
        "archive": Period(30, "days", "HY-A2 16"),
        # HY 2(1)4 gives 7 working days for penalties and licences; HY-A1 18 says 20 for all. The first is
        # the seed; an agency following HY-A1 18 overrides it.
        "disclosure_penalty_licence": Period(7, "workdays", "HY 2(1)4"),
        "disclosure_other": Period(20, "workdays", "HY 2(1)4, HY-A1 18"),
    }),
}
DEFAULT_PROFILE = "wuhan"


def resolve(profile: str, overrides: dict[str, dict | None] | None = None) -> dict[str, Period | None]:
    """The numbers in force for an agency: BASE, then its seed, then its own overrides."""
    if profile not in SEEDS:
        raise KeyError(profile)
    numbers = dict(BASE)
    numbers.update(SEEDS[profile][1])
    for key, value in (overrides or {}).items():
        numbers[key] = None if value is None else Period(int(value["amount"]), value["unit"], value.get("source", ""))
    return numbers
