"""Demo data: annual reports of 云川市.

This year: the city government's draft (narratives written, the press release generated, one saved
version) and each county government's generated draft — their submission (1 March) and publication
(1 April) deadlines run. Last year: the city government's report, submitted and published, so the
portal lists one. Called by `fazhi.core.demo.build` inside its transaction, audited as SYSTEM.
"""

from __future__ import annotations

import datetime

from fazhi.core.access import SYSTEM
from fazhi.core.demo import DemoCity
from fazhi.procedures import clock
from fazhi.reports import services

NARRATIVES = {
    "measures": ("坚持把法治政府建设作为重点任务和主体工程，健全依法决策机制，深化行政执法体制改革，"
                 "加强行政规范性文件合法性审核和备案审查，推进基层法治建设。"),
    "shortcomings": ("对照法治政府建设实施纲要，仍存在一些不足：部分任务推进滞后，个别部门规范性文件报备不够及时，"
                     "督察发现问题的整改还需加力。原因主要是部分领导干部运用法治思维和法治方式的能力有待提高，"
                     "基层法治工作力量相对薄弱。"),
    "leaders": ("政府主要负责人认真履行推进法治建设第一责任人职责，主持召开政府常务会议研究法治政府建设重大事项，"
                "带头开展会前学法，并在年终述法。"),
    "plan": ("一是深入学习贯彻习近平法治思想；二是持续推进严格规范公正文明执法；三是加强行政规范性文件管理；"
             "四是强化法治督察和考核结果运用。"),
    "other": "无。",
}


def build(city: DemoCity) -> None:
    today = clock.today()
    this_year = today.year
    government = city.city_government
    report = services.create_report(actor=SYSTEM, unit=government, year=this_year)
    services.save_texts(actor=SYSTEM, report=report, narratives=NARRATIVES)
    services.generate_press_release(actor=SYSTEM, report=report)
    services.save_version(actor=SYSTEM, report=report, note="初稿")
    for county in city.counties:
        services.create_report(actor=SYSTEM, unit=city.governments[county.code], year=this_year)

    last = services.create_report(actor=SYSTEM, unit=government, year=this_year - 1)
    services.save_texts(actor=SYSTEM, report=last, narratives=NARRATIVES)
    services.save_version(actor=SYSTEM, report=last, note="报送稿")
    submitted = min(today, datetime.date(this_year, 2, 25))
    published = max(submitted, min(today, datetime.date(this_year, 3, 28)))
    services.take_step(actor=SYSTEM, report=last, name="submit", on=submitted)
    services.take_step(actor=SYSTEM, report=last, name="publish", on=published)
