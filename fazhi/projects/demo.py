"""Demo data: the city's nine practical projects for the people this year (法治为民办实事, the nine of
Baiyin's 2023 report), each with three or four milestones in the year and progress notes; the office
publishes seven of them on the portal.

Called by `fazhi.core.demo.build` inside its transaction, audited as SYSTEM; randomness from `city.rng`.
Milestones due before today are mostly done (a few are overdue and show on the office's home page);
projects whose milestones are all done are closed; the demo builds on any day of the year.
"""

from __future__ import annotations

import datetime

from fazhi.core.access import Role
from fazhi.core.demo import DemoCity
from fazhi.procedures import clock
from fazhi.projects import services

D = datetime.date
DAY = datetime.timedelta(days=1)

# (title, responsible unit after the city's name or "justice"/"court", target, milestones [(title, month, day)])
PROJECTS = [
    ("打造基层社会治理现代化品牌", "justice", "每个乡镇（街道）建成一个矛盾纠纷调处化解中心",
     [("制定实施方案", 3, 31), ("乡镇（街道）调处中心挂牌运行", 6, 30), ("开展经验交流和评估", 11, 30)]),
    ("法院“一站式”多元解纷为民纾困解难", "court", "诉前调解成功率提高到40%以上",
     [("建成诉讼服务中心多元解纷窗口", 4, 30), ("引入特邀调解组织", 7, 31), ("总结评估", 12, 15)]),
    ("深化行政检察监督助力农民工依法讨薪", "procuratorate", "办理农民工讨薪支持起诉案件全部办结",
     [("摸排欠薪线索", 3, 31), ("开展支持起诉", 8, 31), ("回访与总结", 12, 15)]),
    ("“村（居）法律服务三帮”党建项目", "justice", "村（社区）法律顾问覆盖率100%",
     [("确定结对帮扶名单", 2, 28), ("律师进村（社区）坐班服务", 6, 30), ("开展群众满意度测评", 10, 31),
      ("形成项目总结", 12, 10)]),
    ("开展法治化营商环境攻坚突破活动", "市场监督管理局", "涉企行政检查次数同比下降20%",
     [("公布免罚轻罚清单", 4, 15), ("开展涉企执法专项检查", 9, 30), ("第三方评估", 12, 20)]),
    ("公共法律服务“一站式”平台建设", "justice", "市、县、乡三级公共法律服务实体平台全覆盖",
     [("完成平台选址和改造", 5, 31), ("平台投入运行", 8, 31), ("验收", 11, 30)]),
    ("青少年法治教育实践基地建设", "教育局", "建成青少年法治教育实践基地2个",
     [("基地规划设计", 4, 30), ("布展完成", 9, 30), ("开放运行", 11, 15)]),
    ("农民工工资支付法律服务专项行动", "人力资源和社会保障局", "欠薪案件动态清零",
     [("建立欠薪预警机制", 3, 31), ("开展专项执法检查", 10, 31), ("总结", 12, 20)]),
    ("“法律明白人”培养工程", "justice", "每个村（社区）培养法律明白人不少于3名",
     [("制定培训计划", 3, 15), ("完成首轮培训", 7, 31), ("考核认定", 11, 30)]),
]
NOTES = ["已召开项目推进会，明确责任分工和时间节点。", "按计划推进，已完成阶段性任务。",
         "部分县区进度滞后，已开展实地督导。", "群众反映良好，相关做法被省级媒体报道。"]


def _unit(city: DemoCity, key: str):
    if key == "justice":
        return city.justice_bureau
    if key == "court":
        return city.courts[city.city.code]
    if key == "procuratorate":
        return city.procuratorates[city.city.code]
    return city.departments[f"{city.city.name}{key}"]


def build(city: DemoCity) -> None:
    rng = city.rng
    today = clock.today()
    year = today.year
    office = city.staff(Role.COORDINATOR, city.justice_bureau)[0]
    started_on = min(today, D(year, 2, 15))
    for index, (title, unit_key, target, milestones) in enumerate(PROJECTS):
        project = services.create_project(
            actor=office, unit=city.justice_bureau, year=year, title=f"{city.city.name}{title}",
            responsible_unit=_unit(city, unit_key), target=target,
            description=f"{year}年度市级法治为民办实事项目：{title}。")
        items = [services.add_milestone(actor=office, project=project, title=t, due_on=D(year, m, d))
                 for t, m, d in milestones]
        if index == 8 and today < D(year, 3, 15):
            continue  # one project not yet started early in the year
        services.take_step(actor=office, project=project, name="start", on=started_on)
        for milestone in items:
            if milestone.due_on >= today:
                break
            if rng.random() < 0.15:
                continue  # overdue: left open (shows as overdue on the office's home page)
            done_on = min(today, milestone.due_on - rng.randint(-6, 12) * DAY)
            services.mark_milestone_done(actor=office, milestone=milestone, done_on=max(done_on, started_on))
        for _ in range(rng.randint(1, 3)):
            noted = started_on + rng.randint(0, max((today - started_on).days, 0)) * DAY
            services.add_note(actor=office, project=project, text=rng.choice(NOTES), noted_on=noted)
        if all(m.done_on for m in project.milestones.all()):
            services.take_step(actor=office, project=project, name="complete",
                               on=max(m.done_on for m in project.milestones.all()))
        if index < 7:
            services.publish_project(actor=office, project=project)
