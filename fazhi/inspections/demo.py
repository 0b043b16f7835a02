"""Demo data: 云川市's rule-of-law inspection of this year (9 categories of findings → 21 rectification
requirements, as in Baiyin's 整改任务清单), the findings handed down by the province's inspection of the
year before, the items in every state (closed on time and late, overdue with reminder letters, one
interview, one public notice), and interference records kept by the city's enforcement departments
(Xiangtan: 32 departments recording 过问、干预、插手).

Called by `fazhi.core.demo.build` (inside its transaction). Random choices come from `city.rng` only;
every date is laid out relative to today so the demo builds on any day. Steps go through the engine:
the city's coordinator issues, closes out and escalates; the responsible department's legal officer
uploads evidence and reports.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.core.models import Unit
from fazhi.inspections import services
from fazhi.inspections.models import Category, EscalationKind, Handling, Level, Manner, Source
from fazhi.procedures import clock

DAY = datetime.timedelta(days=1)
C = Category

# (category, problem, responsible department after the city's name, [(requirement, measures)…]):
# 9 categories, 21 requirements.
CITY_FINDINGS = [
    (C.FIRST_RESPONSIBILITY, "部分部门主要负责人履行推进法治建设第一责任人职责不到位，年度述法流于形式。", "司法局", [
        ("督促各部门主要负责人年底前完成年度述法，述法报告报依法治市办备案。", "制定述法工作方案，逐单位跟踪述法报告报送。"),
        ("将履行第一责任人职责情况纳入年度考核。", "修订绩效考核细则，增加法治建设指标权重。"),
    ]),
    (C.MECHANISM, "部分部门法治建设专门机构和人员配备不足，法治工作机构与业务科室职责交叉。", "人力资源和社会保障局", [
        ("明确法治工作机构，配齐专职法制审核人员。", "制定机构职责清单，年内补充专职人员。"),
        ("建立法治建设工作年度计划和季度调度机制。", "印发年度工作要点，每季度召开一次调度会。"),
    ]),
    (C.DECISION, "重大行政决策事项目录未按规定向社会公布，个别决策未开展风险评估。", "发展和改革委员会", [
        ("编制并公布本年度重大行政决策事项目录。", "梳理决策事项，经政府常务会议审定后公布。"),
        ("对已作出的决策补充开展社会稳定风险评估。", "委托第三方评估，形成评估报告归档。"),
        ("建立决策全过程记录和材料归档制度。", "制定归档清单，专人负责决策档案管理。"),
    ]),
    (C.NORMATIVE_DOCUMENTS, "个别行政规范性文件未经合法性审核即印发，备案审查不及时。", "住房和城乡建设局", [
        ("对近三年印发的规范性文件开展全面清理。", "列出清理目录，逐件提出保留、修改、废止意见。"),
        ("严格执行合法性审核制度，未经审核不得提交集体审议。", "修订发文流程，在OA系统中设置审核节点。"),
    ]),
    (C.ENFORCEMENT, "行政执法“三项制度”落实不到位，执法公示信息更新不及时，部分案卷法制审核意见缺失。", "市场监督管理局", [
        ("完善行政执法公示平台，处罚决定7个工作日内公示。", "明确专人维护，每周核对公示情况。"),
        ("开展执法案卷评查，补正法制审核意见。", "抽查2025年以来案卷，逐卷整改。"),
        ("规范执法全过程记录，配齐执法记录仪。", "采购执法记录仪，制定音像记录管理办法。"),
    ]),
    (C.REVIEW_LITIGATION, "行政机关负责人出庭应诉率偏低，行政复议决定履行不及时。", "自然资源和规划局", [
        ("行政机关负责人出庭应诉率达到规定要求。", "建立出庭应诉台账，主要负责人带头出庭。"),
        ("按期履行行政复议决定并报送履行情况。", "对未履行决定逐件明确责任人和期限。"),
    ]),
    (C.BUSINESS, "涉企检查频次过高，存在多头检查、重复检查。", "生态环境局", [
        ("推行“双随机、一公开”联合检查，压减涉企检查频次。", "制定年度联合抽查计划，检查结果统一公示。"),
        ("清理涉企收费和保证金项目。", "梳理收费目录，取消无依据项目并公示。"),
        ("建立涉企行政执法轻微违法免罚清单。", "研究制定清单，经合法性审核后印发。"),
    ]),
    (C.PUBLICITY, "“谁执法谁普法”责任制落实不够，普法责任清单未动态更新。", "交通运输局", [
        ("更新普法责任清单并向社会公布。", "对照新颁布法律法规调整清单内容。"),
        ("开展以案释法活动，每季度发布典型案例。", "选取典型执法案例，在门户网站发布。"),
    ]),
    (C.GRASSROOTS, "乡镇（街道）合法性审核力量薄弱，司法所参与审核机制未建立。", "司法局", [
        ("建立乡镇（街道）合法性审核工作机制，明确司法所审核职责。", "制定指导意见，年内实现乡镇全覆盖。"),
        ("开展乡镇法治建设业务培训。", "分片区组织培训，覆盖全部乡镇（街道）。"),
    ]),
]

# Handed down by the province's inspection (上级督察反馈), in the city's ledger without an inspection of ours.
PROVINCE_FINDINGS = [
    (C.FIRST_RESPONSIBILITY, "法治建设纳入党政领导班子政绩考核的权重偏低。", "司法局", [
        ("提高法治建设在政绩考核中的权重并修订考核办法。", "修订法治建设绩效考评办法，报市委审定。"),
    ]),
    (C.ENFORCEMENT, "综合行政执法改革后部分执法事项划转不清。", "城市管理综合行政执法局", [
        ("梳理划转执法事项清单，明确职责边界。", "会同相关部门逐项核对，形成清单报市政府。"),
        ("完善执法协作机制，建立案件移送制度。", "签订执法协作协议，明确移送时限。"),
    ]),
    (C.DECISION, "政府法律顾问参与重大决策的程序不规范。", "司法局", [
        ("制定法律顾问参与重大决策工作规则。", "起草工作规则，明确出具书面意见的时限和方式。"),
    ]),
]

# The state each item ends in, in order: a mix over both ledgers (25 items).
PLAN = ["closed_on_time", "closed_late", "overdue_letter", "rectifying", "submitted", "closed_on_time",
        "overdue_interview", "issued", "closed_on_time", "rectifying", "overdue_letter", "returned",
        "closed_late", "submitted", "closed_on_time", "overdue", "rectifying", "closed_on_time", "issued",
        "overdue_notice", "submitted", "closed_on_time", "overdue_letter", "rectifying", "closed_on_time"]

INTERFERENCE_PEOPLE = [("某区人大代表", "区人大代表、某企业负责人"), ("某局退休干部", "原某局副局长（已退休）"),
                       ("某街道干部", "某街道办事处副主任"), ("某公司负责人", "某商会副会长"),
                       ("某单位干部", "市某单位科长")]
MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _actor_for(city: DemoCity, unit: Unit, coordinator: Any) -> Any:
    officers = city.staff(Role.LEGAL_OFFICER, unit)
    return officers[0] if officers else coordinator


def _evidence(city: DemoCity, n: int) -> ContentFile:
    return ContentFile(MINIMAL_PDF, name=f"rectification-evidence-{n}.pdf")


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    coord = city.users["coord_city"]
    name = city.city.name
    dept = lambda suffix: city.departments[name + suffix]  # noqa: E731

    start = today - 200 * DAY
    inspected = [dept(s) for s in dict.fromkeys(f[2] for f in CITY_FINDINGS)] + [
        city.governments[c.code] for c in city.counties[:2]]
    inspection = services.create_inspection(
        actor=coord, organizer=city.justice_bureau, level=Level.CITY,
        title=f"{name}{start.year}年度法治政府建设与责任落实督察",
        topic="党政主要负责人履行推进法治建设第一责任人职责情况；法治政府建设重点任务落实情况；"
              "上级督察反馈问题整改情况。",
        team="组长：依法治市办常务副主任\n成员：市司法局法治督察科、市委组织部、市纪委监委派员共6人",
        start_on=start, end_on=start + 9 * DAY, by_hearing=True, by_files=True, by_site_visit=True,
        by_unannounced_visit=True, inspected_units=inspected)

    ledger = []  # (finding, requirement, measures, unit, issued_on)
    for category, problem, suffix, items in CITY_FINDINGS:
        finding = services.create_finding(actor=coord, inspection=inspection, source=Source.LOCAL, unit=dept(suffix),
                                          category=category, found_on=start + rng.randint(2, 9) * DAY,
                                          description=problem)
        ledger += [(finding, req, measures, dept(suffix), start + 20 * DAY) for req, measures in items]
    handed = today - 150 * DAY
    for category, problem, suffix, items in PROVINCE_FINDINGS:
        finding = services.create_finding(
            actor=coord, source=Source.HIGHER, higher_inspection=f"省委依法治省办{handed.year - 1}年度实地督察",
            higher_document=f"依法治省办函〔{handed.year}〕12号", unit=dept(suffix), category=category,
            found_on=handed, description=problem)
        ledger += [(finding, req, measures, dept(suffix), handed + 10 * DAY) for req, measures in items]

    for n, ((finding, requirement, measures, unit, issued_on), fate) in enumerate(zip(ledger, PLAN, strict=True)):
        late = fate.startswith("overdue") or fate.startswith("closed")
        due_on = (today - rng.randint(20, 60) * DAY) if late else (today + rng.randint(10, 90) * DAY)
        due_on = max(due_on, issued_on + 15 * DAY)
        leader = f"{rng.choice(['张', '王', '李', '赵', '刘', '陈'])}{rng.choice(['建华', '立新', '海峰', '晓东', '志强'])}（分管副局长）"
        item = services.issue_item(actor=coord, finding=finding, requirement=requirement, measures=measures,
                                   responsible_unit=unit, responsible_leader=leader, issued_on=issued_on,
                                   due_on=due_on)
        officer = _actor_for(city, unit, coord)
        if fate == "issued":
            continue
        services.take_step(actor=officer, item=item, name="start")
        if fate in ("rectifying",) or fate.startswith("overdue"):
            if fate.startswith("overdue"):
                _escalate(coord, item, fate, today)
            continue
        services.add_evidence(actor=officer, item=item, file=_evidence(city, n))
        services.take_step(actor=officer, item=item, name="submit")
        if fate == "submitted":
            continue
        if fate == "returned":
            services.take_step(actor=coord, item=item, name="return",
                               comment="佐证材料仅有工作方案，缺少落实情况的证明材料，请补充后重新报送。")
            continue
        closed_on = due_on - rng.randint(1, 10) * DAY if fate == "closed_on_time" else due_on + rng.randint(3, 15) * DAY
        closed_on = min(max(closed_on, issued_on + DAY), today)
        services.take_step(actor=coord, item=item, name="close", on=closed_on)

    _interference(city, today)


def _escalate(coord: Any, item: Any, fate: str, today: datetime.date) -> None:
    if fate == "overdue":
        return
    letter_on = min(item.due_on + 5 * DAY, today)
    services.escalate(actor=coord, item=item, kind=EscalationKind.REMINDER_LETTER, on=letter_on)
    if fate in ("overdue_interview", "overdue_notice"):
        services.escalate(actor=coord, item=item, kind=EscalationKind.INTERVIEW, on=min(letter_on + 7 * DAY, today),
                          note="约谈责任单位主要负责人和责任领导，听取未按期整改原因说明。")
    if fate == "overdue_notice":
        services.escalate(actor=coord, item=item, kind=EscalationKind.PUBLIC_NOTICE,
                          on=min(letter_on + 12 * DAY, today), note="在全市法治建设工作推进会上通报。")


def _interference(city: DemoCity, today: datetime.date) -> None:
    rng = city.rng
    departments = [d for d in city.enforcement_departments.values()
                   if d.region_id == city.city.code and city.staff(Role.ENFORCEMENT_OFFICER, d)][:6]
    manners = list(Manner)
    handlings = [Handling.RECORDED, Handling.RECORDED, Handling.REFUSED, Handling.REPORTED]
    for i, dept in enumerate(departments):
        officer = city.staff(Role.ENFORCEMENT_OFFICER, dept)[0]
        for j in range(1 + (i % 3)):
            person, post = rng.choice(INTERFERENCE_PEOPLE)
            occurred = today - rng.randint(5, 300) * DAY
            services.create_interference(
                actor=officer, unit=dept, occurred_on=occurred, person_name=person, person_post=post,
                case=f"{dept.short_name or dept.name}处罚〔{occurred.year}〕{rng.randint(10, 199)}号",
                manner=manners[(i + j) % len(manners)], handling=handlings[(i + 2 * j) % len(handlings)],
                content="以电话方式询问案件办理进度，并提出从轻处理的要求。",
                handling_note="承办人员告知依法办理，已如实登记并报本单位主要负责人。",
                recorded_by=officer.full_name)
