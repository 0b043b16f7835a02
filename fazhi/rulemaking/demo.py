"""Demo data: five years of 云川市's normative documents, each taken through the real procedure.

Called by `fazhi.core.demo.build` (inside its transaction, audited as SYSTEM). Random choices come
from `city.rng` only; every date is laid out relative to today (`clock.today()`), so the demo builds
on any day and is identical for the same day.

What it holds (about 330 documents):

* Drafting bodies: the six governments and 18 city departments, confirmed by their coordinators.
* About 290 documents published over the last five years by the city government, its departments
  and the five county governments (drafted by their departments), with 主题领域 set; about 20 more
  published five to six years ago, now expired. 暂行/试行 titles get the 2-year validity.
* Each one moves through the procedure with dated steps in their real order: comment opened and
  closed (at least 7 working days, 30 days for documents concerning market entities), legality review
  (with the fair-competition checklist), deliberation, registration, publication (30 days or more
  before effect, a few with a reason to take effect at once), filing — most within 30 days, about 5 %
  late and 3 % never filed — and the filing review: mostly conforming, about 4 % not conforming
  (corrected and refiled, two still under correction) and 3 % asked for missing materials first.
  Every year has at least one document of each of those kinds, so its rates are neither 0 nor 100 %.
* Revisions (`amends`) that supersede older documents, a few repeals, evaluations before expiry,
  the daily job run for today (expired documents lapse, evaluation deadlines open).
* One published cleanup campaign of the city government last year (about 40 documents: kept,
  amended, repealed, declared lapsed) and one open campaign of 青江区 this year.
* Work in progress: six drafts open for comment on the portal with public comments (published with
  an answer, pending, one withheld), drafts under legality review, awaiting deliberation, registered,
  and new drafts.

Who acts: the legal officer of the leading department drafts, registers, publishes and files (for a
justice bureau, its coordinator); a reviewer of the justice bureau of the document's region gives the
legality review; the city justice bureau's reviewers review every filing — the filing organ of the
county governments and city departments is the city government; the city government's own documents
are filed with the province, which has no staff in the demo, so its result is recorded by them too
(their region scope covers the counties). Coordinators confirm drafting bodies and run the cleanups.

The demo never builds anything the calendar cannot date: a step whose deadline falls in a year
without holiday data is refused by the engine and the document stays where it got to; any other
refusal is a bug and fails the build.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from fazhi.calendar import service as calendar
from fazhi.calendar.service import NoHolidayData
from fazhi.core.access import Role
from fazhi.core.demo import COUNTIES, DemoCity
from fazhi.core.models import Unit, UnitType
from fazhi.procedures import clock
from fazhi.procedures.services import TransitionRefused, add_attachment, stop_deadline, transition
from fazhi.rulemaking import rules, services
from fazhi.rulemaking.jobs import lapse_expired, open_evaluations
from fazhi.rulemaking.models import (
    PROVISIONAL_WORDS,
    VALID_STATES,
    Adoption,
    CleanupCampaign,
    CleanupDecision,
    CommentStatus,
    DeliberationOutcome,
    DocumentState,
    DraftingBody,
    EvaluationConclusion,
    NormativeDocument,
    ReviewOutcome,
    add_years,
)

D = datetime.date
DAY = datetime.timedelta(days=1)

# ---- what the city issues ------------------------------------------------------------------------
# Titles after the region's name, by leading department (name after the region's name). The city
# government's documents are drafted by its departments.
CITY_GOVERNMENT_DOCS = {
    "司法局": "行政规范性文件管理办法 重大行政决策程序实施办法 行政执法公示、执法全过程记录和重大执法决定法制审核"
              "制度实施办法 行政复议调解和解工作规定 政府法律顾问工作规定",
    "发展和改革委员会": "促进民营经济高质量发展若干措施 优化营商环境若干规定 政府投资项目管理暂行办法 "
                        "企业投资项目核准和备案管理实施办法 社会信用体系建设管理办法",
    "城市管理综合行政执法局": "城市生活垃圾分类管理办法 城市道路占用挖掘管理办法",
    "住房和城乡建设局": "住宅专项维修资金管理办法 公共租赁住房管理办法 城镇老旧小区改造实施办法 商品房预售资金监督管理办法",
    "自然资源和规划局": "国有土地上房屋征收与补偿实施办法 集体经营性建设用地入市管理暂行办法 土地储备管理办法 "
                        "城乡规划管理技术规定 耕地保护补偿办法",
    "民政局": "最低生活保障实施办法 特困人员救助供养实施办法 临时救助实施办法 "
              "困难残疾人生活补贴和重度残疾人护理补贴实施办法 养老服务机构扶持办法",
    "医疗保障局": "城乡居民基本医疗保险实施办法 职工基本医疗保险门诊共济保障实施办法",
    "人力资源和社会保障局": "就业创业扶持资金管理办法 被征地农民养老保险实施办法",
    "应急管理局": "突发事件应急预案管理办法 电动自行车停放充电安全管理规定",
    "林业局": "森林防火管理规定",
    "水利局": "河湖长制工作规定 节约用水管理办法",
    "教育局": "学前教育管理办法 义务教育阶段学校招生入学管理办法",
    "科学技术局": "科技创新券管理暂行办法 高新技术企业培育奖励办法",
    "工业和信息化局": "工业企业技术改造资金管理办法",
    "财政局": "政府购买服务管理实施办法 行政事业单位国有资产管理办法 政府性融资担保体系建设实施意见",
    "人民政府国有资产监督管理委员会": "国有企业投资监督管理办法",
    "政务服务和大数据管理局": "公共资源交易管理暂行办法 政务数据共享开放管理办法",
    "人民防空办公室": "人民防空工程建设管理规定",
    "文化广电旅游局": "文物保护单位保护管理办法 旅游市场秩序管理办法",
    "退役军人事务局": "退役军人就业创业扶持办法",
    "农业农村局": "农村集体产权制度改革实施意见",
    "交通运输局": "城市公共停车设施建设管理办法",
}
# City departments confirmed as drafting bodies: (name after 云川市, 文号 prefix, titles).
DEPARTMENT_BODIES = [
    ("市场监督管理局", "云市监规", "市场主体登记注册便利化若干规定 食品小作坊和小餐饮登记管理办法 "
     "企业信用风险分类监管实施办法 电梯安全监督管理办法 网络交易监督管理实施细则 行政处罚裁量权基准适用规定 "
     "农贸市场食品安全管理办法 特种设备安全监督检查办法 计量器具强制检定管理办法 知识产权资助奖励办法 "
     "轻微违法行为免罚清单实施办法 校园食品安全管理暂行办法"),
    ("生态环境局", "云环规", "建设项目环境影响评价分级审批办法 排污许可证后管理暂行办法 生态环境行政处罚自由裁量基准 "
     "排污权有偿使用和交易管理办法 机动车排气污染防治监督管理办法 扬尘污染防治管理办法 生态环境违法行为有奖举报办法 "
     "重点排污单位自动监控管理办法 固体废物污染环境防治管理办法 生态环境损害赔偿磋商管理办法"),
    ("交通运输局", "云交规", "网络预约出租汽车经营服务管理实施细则 巡游出租汽车经营服务管理办法 "
     "道路运输驾驶员诚信考核实施办法 公路超限运输车辆行驶管理办法 城市公共交通票价管理办法 机动车维修经营管理办法 "
     "互联网租赁自行车管理暂行办法 交通运输行政处罚裁量基准 农村公路养护管理办法 港口岸线使用管理办法"),
    ("城市管理综合行政执法局", "云城管规", "户外广告设施设置管理办法 建筑垃圾运输处置管理暂行办法 城市园林绿化养护管理办法 "
     "市政设施管理办法 城市管理领域轻微违法行为不予处罚清单 门前三包责任制管理办法 餐厨废弃物管理办法 城市照明管理办法 "
     "临时占道经营管理暂行办法 城市供水节水管理办法"),
    ("人力资源和社会保障局", "云人社规", "就业见习管理办法 职业技能提升补贴申领办法 工资保证金管理办法 "
     "高层次人才引进奖励办法 灵活就业人员社会保险补贴办法 工伤认定工作规程 企业职工基本养老保险待遇核定办法 "
     "创业担保贷款实施办法 事业单位公开招聘工作人员实施办法 技能人才评价管理暂行办法"),
    ("自然资源和规划局", "云自然资规", "国有建设用地使用权出让管理办法 临时用地管理办法 不动产登记若干规定 "
     "建设工程规划核实管理办法 矿产资源开发利用管理办法 闲置土地处置办法 地质灾害防治管理办法 "
     "国土空间规划编制管理暂行办法 测绘地理信息管理办法 耕地占补平衡管理办法"),
    ("住房和城乡建设局", "云建规", "物业服务企业信用管理办法 既有住宅加装电梯实施办法 建筑市场信用评价管理办法 "
     "房屋建筑工程质量保修管理办法 城镇燃气经营许可管理办法 房屋租赁管理办法 建设工程施工扬尘防治管理办法 "
     "住房公积金提取管理办法 房地产经纪机构管理办法 装配式建筑推广应用管理暂行办法"),
    ("农业农村局", "云农规", "农村宅基地审批管理办法 农业生产社会化服务项目管理暂行办法 动物防疫条件审查管理办法 "
     "农产品质量安全追溯管理办法 农村土地经营权流转管理办法 农作物秸秆综合利用管理办法 高标准农田建设项目管理办法 "
     "家庭农场认定管理办法 农药经营许可管理实施细则 畜禽养殖废弃物资源化利用管理办法"),
    ("卫生健康委员会", "云卫健规", "医疗机构依法执业自查管理办法 托育机构备案管理办法 医疗机构不良执业行为记分管理办法 "
     "院前医疗急救管理办法 公共场所卫生许可管理办法 计划生育家庭特别扶助实施办法 基层医疗卫生机构绩效考核办法 "
     "医疗纠纷人民调解工作规定 职业病防治监督管理办法 家庭医生签约服务管理暂行办法"),
    ("应急管理局", "云应急规", "安全生产举报奖励办法 危险化学品经营许可管理实施细则 安全生产行政执法与刑事司法衔接工作办法 "
     "生产安全事故应急预案管理办法 安全生产约谈实施办法 非煤矿山安全生产管理办法 自然灾害救助应急工作规程 "
     "烟花爆竹经营许可实施办法 安全生产违法行为行政处罚自由裁量基准"),
    ("医疗保障局", "云医保规", "定点医药机构协议管理办法 医疗保障基金监督管理办法 门诊慢特病待遇管理办法 "
     "长期护理保险制度实施办法 欺诈骗取医疗保障基金行为举报奖励办法 医疗保障经办服务管理规程 城乡居民大病保险实施细则"),
    ("商务局", "云商规", "单用途商业预付卡管理办法 商贸流通企业扶持资金管理办法 成品油零售经营资格管理办法 "
     "再生资源回收管理办法 电子商务进农村项目资金管理暂行办法 外贸企业出口信用保险补助办法 报废机动车回收拆解管理办法"),
    ("教育局", "云教规", "民办学校分类登记管理实施办法 校外培训机构监督管理办法 学生资助管理办法 中小学校服管理办法 "
     "教师资格认定实施办法 民办幼儿园收费管理暂行办法 中小学校安全管理办法"),
    ("民政局", "云民规", "社会组织登记管理实施办法 婚姻登记工作规范 殡葬管理办法 养老机构等级评定管理办法 "
     "地名管理实施办法 社区居家养老服务补贴办法"),
    ("财政局", "云财规", "财政专项资金管理办法 政府采购内部控制管理办法 政府非税收入管理办法 预算绩效管理办法 "
     "会计人员继续教育管理办法 行政事业性收费票据管理办法"),
    ("水利局", "云水规", "河道采砂管理办法 取水许可管理实施细则 水利工程建设项目管理办法 农村供水工程运行管理办法 "
     "水土保持补偿费征收使用管理办法 河道管理范围内建设项目管理办法"),
    ("文化广电旅游局", "云文旅规", "文化旅游产业发展专项资金管理办法 旅游景区质量等级管理办法 演出市场管理办法 "
     "非物质文化遗产代表性传承人认定与管理办法 上网服务营业场所管理暂行办法 旅行社质量保证金管理办法"),
    ("林业局", "云林规", "林木采伐管理办法 古树名木保护管理办法 野生动物致害补偿办法 公益林管理办法 林地使用审核管理办法"),
]
# County governments' documents, drafted by their departments (each county issues about 24 of them).
COUNTY_DOCS = {
    "市场监督管理局": "个体工商户扶持办法 小微企业创业担保贷款实施办法 食品摊贩登记管理办法 农村集体聚餐食品安全管理办法 "
                      "市场主体住所（经营场所）登记管理办法 民营企业纾困帮扶办法",
    "自然资源局": "集体土地征收补偿安置办法 农村宅基地管理办法 农村村民住宅建设管理办法 国有土地上房屋征收补偿办法 "
                  "土地征收成片开发管理办法 矿产资源整合管理暂行办法",
    "住房和城乡建设局": "农村人居环境整治长效管护办法 农村危房改造实施办法 城区物业管理办法 保障性住房管理办法 "
                        "建筑工地安全文明施工管理办法 老旧小区改造实施办法",
    "综合行政执法局": "违法建设治理办法 城区市容环境卫生管理办法 犬只管理办法 城区户外广告管理办法 渣土运输管理暂行办法 "
                      "城区停车秩序管理办法",
    "应急管理局": "安全生产网格化管理暂行办法 安全生产责任制考核办法 防汛抗旱应急工作规定 森林防灭火工作规定 "
                  "小微企业安全生产标准化建设办法",
    "司法局": "行政规范性文件管理办法 行政执法监督办法 法律顾问工作规则 人民调解以奖代补办法",
}
COUNTY_DOCS_EACH = 24
COUNTY_PREFIX = {"990102": "青府规", "990103": "望府规", "990104": "鹤府规", "990105": "柳府规",
                 "990106": "丹府规"}
REGION_ABBR = {"990100": "YC", **{code: slug.upper() for code, _, slug, *_ in COUNTIES}}
TOPICS = {
    "司法局": "政府法治", "发展和改革委员会": "发展改革", "市场监督管理局": "市场监管", "生态环境局": "生态环境",
    "交通运输局": "交通运输", "城市管理综合行政执法局": "城市管理", "综合行政执法局": "城市管理",
    "人力资源和社会保障局": "人力资源和社会保障", "自然资源和规划局": "自然资源", "自然资源局": "自然资源",
    "住房和城乡建设局": "住房和城乡建设", "农业农村局": "农业农村", "卫生健康委员会": "卫生健康", "应急管理局": "应急管理",
    "医疗保障局": "医疗保障", "商务局": "商务", "教育局": "教育", "民政局": "民政", "财政局": "财政", "水利局": "水利",
    "文化广电旅游局": "文化旅游", "林业局": "林业", "科学技术局": "科技", "工业和信息化局": "工业和信息化",
    "人民政府国有资产监督管理委员会": "国有资产", "政务服务和大数据管理局": "政务服务", "人民防空办公室": "人民防空",
    "退役军人事务局": "退役军人事务",
}
TOPIC_WORDS = {"营商": "营商环境", "民营": "营商环境", "信用": "社会信用", "应急预案": "应急管理", "养老": "养老服务"}
TOPIC_LAWS = {
    "市场监管": "《中华人民共和国市场主体登记管理条例》；《中华人民共和国食品安全法》",
    "生态环境": "《中华人民共和国环境保护法》；《排污许可管理条例》",
    "交通运输": "《中华人民共和国道路运输条例》；《网络预约出租汽车经营服务管理暂行办法》",
    "城市管理": "《城市市容和环境卫生管理条例》；《城市道路管理条例》",
    "自然资源": "《中华人民共和国土地管理法》；《中华人民共和国土地管理法实施条例》",
    "住房和城乡建设": "《物业管理条例》；《建设工程质量管理条例》",
    "农业农村": "《中华人民共和国农村土地承包法》；《中华人民共和国动物防疫法》",
    "应急管理": "《中华人民共和国安全生产法》；《中华人民共和国突发事件应对法》",
    "人力资源和社会保障": "《中华人民共和国就业促进法》；《中华人民共和国社会保险法》",
    "政府法治": "《中华人民共和国行政复议法》；《重大行政决策程序暂行条例》",
    "营商环境": "《优化营商环境条例》；《中华人民共和国中小企业促进法》",
    "卫生健康": "《医疗机构管理条例》；《中华人民共和国基本医疗卫生与健康促进法》",
    "医疗保障": "《医疗保障基金使用监督管理条例》；《中华人民共和国社会保险法》",
    "教育": "《中华人民共和国教育法》；《中华人民共和国民办教育促进法》",
    "民政": "《社会救助暂行办法》；《中华人民共和国老年人权益保障法》",
}
MARKET_WORDS = ("市场", "企业", "经营", "营商", "民营", "商业", "商品", "物业", "个体", "出让", "网络预约", "出租汽车",
                "许可", "广告", "采购", "交易", "收费", "票价", "补贴", "资助", "扶持", "担保", "培训机构", "民办",
                "旅行社", "融资", "产业", "电子商务", "预付卡", "排污权", "信用", "摊贩", "经纪", "维修", "培育奖励")

# ---- the words of the records --------------------------------------------------------------------
PASS_REASONS = [
    "第五条设定的证明事项无法律、法规依据，应予删除；修改后通过。",
    "第十二条规定的罚款数额超出上位法规定的幅度，应与上位法保持一致；修改后通过。",
    "第八条增设了行政许可条件，不符合《中华人民共和国行政许可法》第十六条，应予删除；修改后通过。",
    "附则关于溯及既往的规定不当，应改为自施行之日起适用；修改后通过。",
    "第十条要求申请人提交的材料可通过部门间信息共享获取，应按“减证便民”要求精简；修改后通过。",
    "部分条款与上位法表述不一致，已逐条提出修改意见；修改后通过。",
]
FAIL_REASONS = [
    "第六条减损公民、法人和其他组织合法权益、增加其义务，无法律、法规依据；起草说明未说明征求意见采纳情况。"
    "不予通过，请修改后重新报送审核。",
    "第九条规定的行政强制措施超越制定机关权限，不予通过，请删除后重新报送审核。",
]
FAIR_COMPETITION_FAIL = ("9.3", "第十一条要求参加投标的经营者须在本市设立分支机构，排斥外地经营者参加本地招标投标，"
                         "违反公平竞争审查条例第九条第三项。不予通过，请删除后重新报送审核。")
FAIR_COMPETITION_EXCEPTION = ("10.2", "第十四条对认定的高新技术企业给予一次性奖励，属于为促进科学技术进步、"
                              "增强国家自主创新能力而实施的政策措施，符合公平竞争审查条例第十二条第（二）项例外情形，"
                              "无对竞争影响更小的替代方案，实施期限三年，期满后评估。")
NOT_CONFORMING = [
    "第七条对未按期整改的经营者处以罚款，行政规范性文件不得设定行政处罚，违反《中华人民共和国行政处罚法》第十六条。"
    "责令于30日内纠正。",
    "第九条限定申请人使用指定机构提供的检测服务，违反公平竞争审查条例第八条第三项。责令于30日内纠正。",
    "附件所列收费项目无法律、法规依据，违反国办发〔2018〕37号关于不得违法增加公民、法人和其他组织义务的规定。"
    "责令于30日内纠正。",
    "第十三条将行政许可的审查期限由20个工作日延长至30个工作日，与《中华人民共和国行政许可法》第四十二条不一致。"
    "责令于30日内纠正。",
]
MATERIALS_MISSING = [
    "报送材料缺少合法性审核意见书正式文本，起草说明未说明征求意见采纳情况，请于15日内补充报送。",
    "备案报告未加盖公章，正式文本缺少附件，请于15日内补充报送。",
]
EARLY_EFFECT = [
    "为及时落实国家阶段性减负纾困政策，保障政策红利尽快惠及市场主体，本文件自公布之日起施行。",
    "本文件调整困难群众救助标准，推迟施行将影响救助资金按季度发放，确需自公布之日起施行。",
]
REPEAL_REASONS = [
    "上位法已修订，本文件主要内容与之不一致，予以废止。",
    "国家相关政策已调整，本文件已不适应当前工作需要，予以废止。",
    "本文件规定的事项已由新制定的文件作出规定，予以废止。",
]
CLEANUP_AMEND = [
    "部分条款与新修订的《中华人民共和国行政处罚法》不一致，需修改。",
    "部分内容与优化营商环境、公平竞争审查要求不一致，需修改。",
    "机构改革后职责已调整，文件中的部门名称和职责分工需修改。",
]
CLEANUP_REPEAL = [
    "制定依据已废止，文件主要内容与现行法律法规不一致，予以废止。",
    "文件规定的审批事项已取消，予以废止。",
]
CLEANUP_LAPSE = [
    "文件规定的工作任务已完成，调整对象已消失，宣布失效。",
    "文件适用期已过，宣布失效。",
]
EVALUATIONS = {
    EvaluationConclusion.CONTINUE: "实施情况良好，主要制度已落实，与现行法律法规和政策一致，建议期满后继续有效并重新公布。",
    EvaluationConclusion.AMEND: "总体实施效果较好，但部分条款与新出台的上位法和政策不一致，建议修改后重新公布。",
    EvaluationConclusion.LAPSE: "文件规定的阶段性任务已完成，继续实施的必要性不足，建议有效期届满后自动失效。",
}
COMMENTS = [
    ("市民王先生", "建议第三条明确“有关部门”具体指哪些部门，方便群众办事时找到对应窗口。",
     Adoption.ADOPTED, "已采纳，第三条已列明牵头部门和配合部门。"),
    ("云川某餐饮有限公司", "第八条规定的申请材料中，营业执照复印件可以通过部门间共享获取，建议不再要求申请人提交。",
     Adoption.ADOPTED, "已采纳，已删除该项材料，改由部门间共享获取。"),
    ("青江区某社区居民委员会", "建议增加线上办理渠道，实现“一网通办”，减少群众跑腿。",
     Adoption.PARTLY, "部分采纳：已增加线上申请渠道；现场核查环节因需实地查看暂予保留。"),
    ("", "建议对小微企业设置三个月过渡期，给经营者留出整改时间。",
     Adoption.PARTLY, "部分采纳：对首次违法且危害后果轻微的给予指导整改期限，统一过渡期不予设置。"),
    ("市律师协会", "第十二条罚款幅度较大，建议与上位法保持一致并细化裁量标准。",
     Adoption.NOT_ADOPTED, "未采纳：罚款幅度直接援引上位法规定，裁量标准将另行制定公布。"),
    ("李女士", "希望明确投诉举报的受理时限和反馈方式。", Adoption.ADOPTED, "已采纳，已增加“7个工作日内受理并反馈”的规定。"),
    ("", "草案第五条中“等”字含义不清，建议列举完整。", Adoption.ADOPTED, "已采纳，已完整列举。"),
    ("退休职工张先生", "建议补充对老年人、残疾人等群体的便利措施，保留线下办理方式。",
     Adoption.NOT_ADOPTED, "未采纳：《云川市政务服务管理办法》已有规定，本办法不再重复。"),
    ("某物业服务企业", "建议明确业主委员会在该事项中的职责和议事程序。", "", ""),
    ("", "建议施行前组织政策解读和培训，方便经营者和群众了解新规定。", "", ""),
]
WITHHELD = ("", "专业代办各类证照，价格优惠，快速出证，有意者请联系。", "与草案内容无关的广告信息，不予公开。")


# ---- the plan of one document --------------------------------------------------------------------


@dataclass
class Plan:
    """One document and the dates of its steps; None: the step is not taken (yet)."""

    body: DraftingBody
    prefix: str  # of the 文号
    unit: Unit  # leading department
    title: str
    topic: str
    market: bool
    opened: D | None = None
    closed: D | None = None
    failed_on: D | None = None  # a first review that did not pass
    reviewed: D | None = None
    held: D | None = None
    registered: D | None = None
    published: D | None = None
    effective: D | None = None
    early: str = ""
    filed: D | None = None
    filing: str = "on_time"  # on_time, late, missing
    outcome: str = "conform"  # conform, not_conform, materials
    steps: list[tuple[str, D]] = field(default_factory=list)  # filing review steps after `filed`
    amends: Plan | None = None
    reserved: str = ""  # a part in a later story (cleanup, revision, repeal, evaluation, correction)
    number: str = ""
    registration: str = ""
    doc: NormativeDocument | None = None

    @property
    def provisional(self) -> bool:
        return any(word in self.title for word in PROVISIONAL_WORDS)

    @property
    def expires(self) -> D | None:
        if not self.effective:
            return None
        return add_years(self.effective, 2 if self.provisional else 5) - DAY

    @property
    def last(self) -> D:
        """The date of its last step planned up to today."""
        dates = [d for d in (self.opened, self.closed, self.reviewed, self.held, self.registered, self.published,
                             self.filed) if d] + [d for _, d in self.steps]
        return max(dates)


class _Builder:
    def __init__(self, city: DemoCity) -> None:
        self.city = city
        self.rng = city.rng
        self.today = clock.today()
        self.covered = calendar.covered_years()
        self.bodies: dict[str, tuple[DraftingBody, str]] = {}

    # ---- dates -----------------------------------------------------------------------------------

    def working(self, day: D) -> bool:
        if day.year in self.covered:
            return calendar.is_working_day(day)
        return day.weekday() < 5

    def workday_before(self, day: D) -> D:
        """`day` if it is a working day, else the working day before it."""
        while not self.working(day):
            day -= DAY
        return day

    def workday_after(self, day: D) -> D:
        while not self.working(day):
            day += DAY
        return day

    def between(self, start: D, end: D) -> D:
        """A random working day in [start, end] (`start` when the range holds none)."""
        span = max((end - start).days, 0)
        day = self.workday_before(start + self.rng.randint(0, span) * DAY)
        return day if day >= start else self.workday_after(start)

    def comment_opened(self, closed: D, market: bool) -> D:
        """When a consultation that closed on `closed` opened: its minimum period and some days more."""
        if market:
            return self.workday_before(closed - self.rng.randint(30, 40) * DAY)
        opened = self.workday_before(closed - self.rng.randint(15, 28) * DAY)
        if {opened.year, closed.year} <= self.covered:
            while calendar.working_days_between(opened, closed) < rules.COMMENT_OTHER.n:
                opened -= DAY
        return opened

    def lay_out(self, plan: Plan, published: D) -> None:
        """The steps before publication on `published`, back to the opening of the consultation."""
        rng = self.rng
        plan.published = published
        plan.held = self.workday_before(published - rng.randint(3, 20) * DAY)
        plan.registered = self.between(plan.held, published)
        plan.reviewed = self.workday_before(plan.held - rng.randint(5, 30) * DAY)
        if rng.random() < 0.05:  # refused first, passed once the draft was revised
            plan.failed_on = self.workday_before(plan.reviewed - rng.randint(10, 25) * DAY)
        plan.closed = self.workday_before((plan.failed_on or plan.reviewed) - rng.randint(3, 18) * DAY)
        plan.opened = self.comment_opened(plan.closed, plan.market)
        if rng.random() < 0.04:
            plan.early = rng.choice(EARLY_EFFECT)
            plan.effective = published
        elif rng.random() < 0.5:
            plan.effective = published + rng.randint(30, 40) * DAY
        else:  # from the first day of a month, as many are
            day = published + 30 * DAY
            plan.effective = (day.replace(day=1) + 32 * DAY).replace(day=1) if day.day > 1 else day

    def lay_out_filing(self, plan: Plan) -> None:
        """Filing and its review after publication (steps after today are dropped when built)."""
        rng, p = self.rng, plan.published
        if plan.filing == "missing":
            plan.filed = None
            return
        # On time: within 30 days. Late: after the deadline even when a long holiday pushes it back.
        plan.filed = p + (rng.randint(48, 100) if plan.filing == "late" else rng.randint(2, 27)) * DAY
        plan.filed = self.workday_after(plan.filed) if plan.filing == "late" else self.workday_before(plan.filed)
        plan.filed = max(plan.filed, p)
        on, steps = plan.filed, []
        if plan.outcome == "materials":
            on = self.workday_before(on + rng.randint(3, 12) * DAY)
            steps.append(("request_materials", on))
            on = self.workday_before(on + rng.randint(3, 13) * DAY)
            steps.append(("supplement", on))
        if plan.outcome == "not_conform":
            on = self.workday_before(on + rng.randint(10, 28) * DAY)
            steps.append(("not_conform", on))
            on = self.workday_before(on + rng.randint(10, 28) * DAY)
            steps.append(("refile", on))
        steps.append(("conform", self.workday_before(on + rng.randint(5, 20) * DAY)))
        plan.steps = [(name, day) for name, day in steps if day <= self.today]
        if plan.filed > self.today:
            plan.filed, plan.steps = None, []

    # ---- people ----------------------------------------------------------------------------------

    def drafter(self, unit: Unit) -> Any:
        """The unit's legal officer; for a justice bureau (no legal officer) its coordinator."""
        return (self.city.staff(Role.LEGAL_OFFICER, unit) or self.city.staff(Role.COORDINATOR, unit))[0]

    def reviewer(self, region_code: str) -> Any:
        return self.rng.choice(self.city.staff(Role.REVIEWER, self.city.justice_bureaus[region_code]))

    def coordinator(self, region_code: str) -> Any:
        return self.city.staff(Role.COORDINATOR, self.city.justice_bureaus[region_code])[0]

    # ---- the plan --------------------------------------------------------------------------------

    def drafting_bodies(self) -> None:
        """The governments and the listed city departments, confirmed by their coordinators."""
        city, name = self.city, self.city.city.name
        confirmed_on = min(D(2019, 3, 15), add_years(self.today, -7))

        def confirm(unit: Unit, prefix: str, announcer: Unit) -> None:
            body = DraftingBody(unit=unit, confirmed=True, confirmed_on=confirmed_on,
                                basis_document=f"{announcer.name}关于公布行政规范性文件制定主体名单的公告")
            services.save_drafting_body(actor=self.coordinator(unit.region_id), body=body)
            self.bodies[unit.name] = (body, prefix)

        confirm(city.city_government, "云府规", city.city_government)
        for county in city.counties:
            gov = city.governments[county.code]
            confirm(gov, COUNTY_PREFIX[county.code], gov)
        for suffix, prefix, _ in DEPARTMENT_BODIES:
            confirm(city.departments[name + suffix], prefix, city.city_government)

    def candidates(self) -> list[Plan]:
        """Every document the city, its departments and the counties issue, in no particular order."""
        city, name = self.city, self.city.city.name
        out = []

        def plan(body_name: str, dept: Unit, suffix: str, title: str) -> Plan:
            body, prefix = self.bodies[body_name]
            if not any(word in title for word in PROVISIONAL_WORDS) and title.endswith(("办法", "细则")) \
                    and self.rng.random() < 0.08:
                title += "（试行）"
            topic = next((t for word, t in TOPIC_WORDS.items() if word in title), TOPICS[suffix])
            return Plan(body=body, prefix=prefix, unit=dept, title=dept.region.name + title, topic=topic,
                        market=any(word in title for word in MARKET_WORDS))

        for suffix, titles in CITY_GOVERNMENT_DOCS.items():
            for title in titles.split():
                out.append(plan(city.city_government.name, city.departments[name + suffix], suffix, title))
        for suffix, _, titles in DEPARTMENT_BODIES:
            unit = city.departments[name + suffix]
            out.extend(plan(unit.name, unit, suffix, title) for title in titles.split())
        county_titles = [(suffix, title) for suffix, titles in COUNTY_DOCS.items() for title in titles.split()]
        for county in city.counties:
            gov = city.governments[county.code]
            for suffix, title in self.rng.sample(county_titles, COUNTY_DOCS_EACH):
                out.append(plan(gov.name, city.departments[county.name + suffix], suffix, title))
        return out

    def plan(self) -> None:
        rng, today = self.rng, self.today
        pool = self.candidates()
        rng.shuffle(pool)
        # Work in progress (drafts, consultations, reviews…) and documents of five to six years ago.
        stages = (["public_comment"] * 6 + ["legality_review"] * 3 + ["deliberation"] * 3 + ["registered"] * 2
                  + ["drafting"] * 4)
        self.progress = [(stage, pool.pop()) for stage in stages]
        old = [p for p in pool if not p.provisional][:22]
        # Provisional documents of about two years ago: their validity ends in the coming months.
        soon = [p for p in pool if p.provisional][:6]
        pool = [p for p in pool if p not in old and p not in soon]
        five_years_ago, two_years_ago = add_years(today, -5), add_years(today, -2)
        for p in old:  # expired: effect at most 45 days after publication, 5 years' validity
            self.lay_out(p, self.between(add_years(today, -6), five_years_ago - 60 * DAY))
        for p in soon:
            self.lay_out(p, self.between(two_years_ago - 25 * DAY, two_years_ago + 60 * DAY))
        for p in pool:
            self.lay_out(p, self.between(five_years_ago, today - DAY))
        pool += soon
        self.published = sorted(old + pool, key=lambda p: p.published)
        self.filing_outcomes(self.published)
        self.revisions: list[Plan] = []
        self.cleanup_plan()
        self.amendments()
        self.repeals = self.pick(4, lambda p: (p.published <= today - 300 * DAY
                                               and p.last + 60 * DAY < min(p.expires, today - 3 * DAY)), "repeal")
        self.repeal_days = {id(p): self.between(p.last + 60 * DAY, min(p.expires - DAY, today - 3 * DAY))
                            for p in self.repeals}
        three_years_ago = add_years(today, -3)
        self.evaluated = [(p, self.workday_before(p.expires - rng.randint(20, 150) * DAY)) for p in self.pick(
            8, lambda p: three_years_ago <= p.expires < today - 30 * DAY and p.expires - 150 * DAY > p.last,
            "evaluation")]
        self.lay_out_progress()
        self.numbers(self.published + self.revisions + [p for stage, p in self.progress if stage == "registered"])

    def filing_outcomes(self, plans: list[Plan]) -> None:
        """Late, missing, not conforming and incomplete filings: their share of each year's documents,
        at least one of each, chosen among those published by September so they fall in the same year."""
        rng, today = self.rng, self.today
        years: dict[int, list[Plan]] = {}
        for p in plans:
            years.setdefault(p.published.year, []).append(p)
        for group in years.values():
            n = len(group)
            eligible = [p for p in group if p.published.month <= 8 and p.published <= today - 120 * DAY]
            quotas = [("filing", "missing", 0.03), ("filing", "late", 0.05), ("outcome", "not_conform", 0.04),
                      ("outcome", "materials", 0.03)]
            for attr, value, share in quotas:
                free = [p for p in eligible if p.filing == "on_time" and p.outcome == "conform"]
                for p in rng.sample(free, min(len(free), max(1, round(share * n)))):
                    setattr(p, attr, value)
        # Two recent filings still missing, their deadline overdue now (the home page shows them).
        for p in [p for p in plans if today - 75 * DAY <= p.published <= today - 40 * DAY][:2]:
            p.filing = "missing"
        for p in plans:
            self.lay_out_filing(p)
        # The two latest documents found not conforming are still being corrected.
        found = sorted((p for p in plans if any(name == "not_conform" for name, _ in p.steps)),
                       key=lambda p: p.steps[-1][1])
        for p in found[-2:]:
            p.steps = [(name, day) for name, day in p.steps if name in ("request_materials", "supplement",
                                                                        "not_conform")]
            p.reserved = "correction"

    def pick(self, n: int, test: Any, role: str) -> list[Plan]:
        """n plans free for a story (filed normally, not taken by another story) that pass `test`."""
        free = [p for p in self.published if not p.reserved and p.filing != "missing" and p.outcome == "conform"
                and p.steps and test(p)]
        chosen = self.rng.sample(free, min(n, len(free)))
        for p in chosen:
            p.reserved = role
        return sorted(chosen, key=lambda p: p.published)

    def cleanup_plan(self) -> None:
        """Last year's cleanup of the city government and its departments: about 40 documents."""
        rng, year = self.rng, self.today.year - 1
        self.cleanup_started = self.workday_after(D(year, 3, 2))
        self.cleanup_published = self.workday_before(D(year, 6, 26))
        city = self.city.city.code
        chosen = self.pick(40, lambda p: (p.body.region_id == city and p.published < D(year, 1, 1)
                                          and p.last < self.cleanup_started
                                          and p.expires > self.cleanup_published + 60 * DAY), "cleanup")
        rng.shuffle(chosen)
        self.decisions = []
        for n, p in enumerate(chosen):
            if n < 5:
                decision, reason = CleanupDecision.AMEND, rng.choice(CLEANUP_AMEND)
            elif n < 9:
                decision, reason = CleanupDecision.REPEAL, rng.choice(CLEANUP_REPEAL)
            elif n < 12:
                decision, reason = CleanupDecision.LAPSE, rng.choice(CLEANUP_LAPSE)
            else:
                decision, reason = CleanupDecision.KEEP, ""
            self.decisions.append((p, decision, reason))
        # Documents to amend are revised in the months after the results are published (one is
        # still being drafted).
        self.revision_draft = None
        for p, decision, _ in self.decisions:
            if decision != CleanupDecision.AMEND:
                continue
            end = min(p.expires - DAY, self.today - 5 * DAY)
            start = self.cleanup_published + 45 * DAY
            if start <= end and len(self.revisions) < 4:
                self.revise(p, self.between(start, min(end, start + 240 * DAY)))
            elif self.revision_draft is None:
                self.revision_draft = p

    def amendments(self) -> None:
        """Other documents revised by their issuers, a year or more after publication."""
        today = self.today
        chosen = self.pick(7, lambda p: (p.published <= today - 400 * DAY
                                         and max(p.last, p.published + 365 * DAY) + 30 * DAY
                                         < min(p.expires - DAY, today - 5 * DAY)), "revised")
        for p in chosen:
            start = max(p.last, p.published + 365 * DAY) + 30 * DAY
            self.revise(p, self.between(start, min(p.expires - DAY, today - 5 * DAY)))

    def revised_title(self, title: str, year: int) -> str:
        if "（试行）" in title:  # the trial is over: issued for good
            return title.replace("（试行）", "")
        if "暂行办法" in title:
            return title.replace("暂行办法", "办法")
        return f"{title}（{year}年修订）"

    def revise(self, old: Plan, published: D) -> None:
        plan = Plan(body=old.body, prefix=old.prefix, unit=old.unit, title=self.revised_title(old.title, published.year),
                    topic=old.topic, market=old.market, amends=old)
        self.lay_out(plan, published)
        self.lay_out_filing(plan)
        self.revisions.append(plan)

    def numbers(self, plans: list[Plan]) -> None:
        """文号 and registration numbers in the order of registration, per issuer (region) and year."""
        serials: dict[tuple, int] = {}
        for p in sorted((p for p in plans if p.registered), key=lambda p: p.registered):
            key = (p.body.pk, p.registered.year)
            serials[key] = serials.get(key, 0) + 1
            p.number = f"{p.prefix}〔{p.registered.year}〕{serials[key]}号"
            key = (p.body.region_id, p.registered.year, "registration")
            serials[key] = serials.get(key, 0) + 1
            p.registration = f"{REGION_ABBR[p.body.region_id]}DJ-{p.registered.year}-{serials[key]:04d}"

    # ---- building --------------------------------------------------------------------------------

    def build(self) -> None:
        self.drafting_bodies()
        self.plan()
        for p in self.published:
            self.run(p)
        self.cleanup()
        for p in sorted(self.revisions, key=lambda p: p.published):
            self.run(p)
        for p in self.repeals:
            self.end(p, "repeal", self.repeal_days[id(p)], self.rng.choice(REPEAL_REASONS))
        for p, day in self.evaluated:
            self.evaluate(p, day, EvaluationConclusion.LAPSE)
        lapse_expired(self.today)
        open_evaluations(self.today)
        self.evaluate_expiring()
        self.work_in_progress()
        self.county_cleanup()

    def run(self, plan: Plan, stage: str = "") -> None:
        """Take the document through its steps; a step the calendar cannot date yet ends the run."""
        try:
            self.advance(plan, stage)
        except ValidationError as exc:
            if not self.for_want_of_holidays(exc):
                raise

    def for_want_of_holidays(self, exc: ValidationError) -> bool:
        """Whether the step was refused only because a deadline falls in a year without holiday data."""
        if isinstance(exc, NoHolidayData):
            return True
        missing = [str(NoHolidayData(year)) for year in range(self.today.year - 1, self.today.year + 3)
                   if year not in self.covered]
        return isinstance(exc, TransitionRefused) and bool(missing) and all(
            any(m in reason for m in missing) for reason in exc.reasons)

    def create(self, plan: Plan) -> NormativeDocument:
        rng, title = self.rng, plan.title
        region = plan.unit.region
        subject, kind = title[len(region.name):].replace("（试行）", ""), "文件"
        for suffix in ("若干措施", "若干规定", "实施细则", "实施意见", "裁量基准", "清单", "规程", "规范", "规则",
                       "办法", "规定", "细则", "基准"):
            if subject.endswith(suffix):
                subject, kind = subject.removesuffix(suffix), suffix.removeprefix("若干").removeprefix("实施")
                break
        subject = subject.removesuffix("管理").removesuffix("实施") or subject
        local = "市" if region.pk == self.city.city.pk else region.name[-1]
        received = rng.randint(0, 15)
        adopted = rng.randint(0, received)
        amended = f"《{plan.amends.title}》（{plan.amends.number}）同时废止。" if plan.amends else ""
        if plan.early:
            effect = "自公布之日起施行"
        elif plan.effective:
            effect = f"自{plan.effective.year}年{plan.effective.month}月{plan.effective.day}日起施行"
        else:
            effect = "自公布之日起30日后施行"
        doc = services.create_document(
            actor=self.drafter(plan.unit), title=title, drafting_body=plan.body, leading_unit=plan.unit,
            market_related=plan.market, topic=plan.topic, amends=plan.amends.doc if plan.amends else None,
            text=f"第一条 为了规范{subject}工作，维护公民、法人和其他组织的合法权益，根据有关法律、法规和规章，"
                 f"结合本{local}实际，制定本{kind}。\n"
                 f"第二条 本{local}行政区域内的{subject}及其监督管理活动，适用本{kind}。\n"
                 f"第三条 {plan.unit.name}负责{subject}工作的组织实施和监督管理；其他有关部门按照各自职责做好相关工作。\n"
                 f"……\n第二十条 本{kind}{effect}，有效期{2 if plan.provisional else 5}年。{amended}",
            drafting_explanation=f"关于《{title}》的起草说明：一、制定的必要性；二、制定依据；三、起草过程；"
                                 f"四、主要内容；五、征求意见及采纳情况。",
            legal_bases=f"{TOPIC_LAWS.get(plan.topic, '《中华人民共和国行政许可法》；《中华人民共和国行政处罚法》')}"
                        f"；国办发〔2018〕37号",
            comment_summary=f"征求意见期间共收到意见建议{received}条，采纳{adopted}条；未采纳的主要涉及上位法已有规定"
                            f"或不属于本{kind}调整范围的事项，已逐条说明理由。")
        plan.doc = doc
        return doc

    def step(self, actor: Any, doc: NormativeDocument, name: str, on: D | None = None, comment: str = "") -> None:
        transition(actor=actor, record=doc, name=name, comment=comment,
                   data={"on": on} if on else None)

    def advance(self, plan: Plan, stage: str) -> None:
        """`stage`: stop in that state ("" = as far as the plan's dates up to today go)."""
        rng = self.rng
        doc = plan.doc or self.create(plan)
        drafter = self.drafter(plan.unit)
        if stage == "drafting":
            return
        self.step(drafter, doc, "open_comment", plan.opened)
        if stage == "public_comment":
            return
        self.step(drafter, doc, "close_comment", plan.closed)
        if stage == "legality_review":
            return
        self.review(plan, doc)
        self.step(drafter, doc, "to_deliberation")
        if stage == "deliberation":
            return
        unit = plan.body.unit
        year_meeting = f"{plan.held.year}年第{plan.held.timetuple().tm_yday // 14 + 1}次"
        if unit.unit_type == UnitType.GOVERNMENT:
            meeting = f"{unit.name}{year_meeting}常务会议"
        else:
            meeting = f"{unit.name}{year_meeting}{'委务' if unit.name.endswith('委员会') else '局务'}会议"
        services.record_deliberation(
            actor=drafter, document=doc, meeting=meeting, held_on=plan.held,
            outcome=DeliberationOutcome.ADOPTED if rng.random() < 0.8 else DeliberationOutcome.ADOPTED_WITH_CHANGES,
            notes="" if rng.random() < 0.7 else "会议原则通过，请起草单位根据会议意见修改完善后按程序印发。")
        doc.document_number, doc.registration_number = plan.number, plan.registration
        # Publication starts the filing deadline: without holiday data for it the document waits at
        # registration, and its publication date is left blank (the figures count published ones).
        publishable = stage != "registered" and self.dateable(doc, plan.published, rules.FILING)
        if publishable:
            doc.published_on, doc.effective_on, doc.early_effect_reason = plan.published, plan.effective, plan.early
        services.save_document(actor=drafter, document=doc)
        self.step(drafter, doc, "register", plan.registered)
        if not publishable:
            return
        self.step(drafter, doc, "publish")
        if not plan.filed:
            return
        self.attach(drafter, doc, FILING_KINDS)
        self.step(drafter, doc, "file", plan.filed)
        filing_reviewer = self.reviewer(self.city.city.code)
        for name, on in plan.steps:
            if name in ("supplement", "refile"):
                self.attach(drafter, doc, {"filing_report": "备案报告（补充报送）", "document": "规范性文件正式文本（修改后）"})
                self.step(drafter, doc, name, on)
            else:
                comment = {"not_conform": rng.choice(NOT_CONFORMING),
                           "request_materials": rng.choice(MATERIALS_MISSING)}.get(name, "")
                self.step(filing_reviewer, doc, name, on, comment)

    def dateable(self, doc: NormativeDocument, start: D, limit: Any) -> bool:
        try:
            calendar.due_date(start, rules.resolved(doc, limit))
        except NoHolidayData:
            return False
        return True

    def review(self, plan: Plan, doc: NormativeDocument) -> None:
        """The legality review: sometimes refused first (then passed after the draft was revised)."""
        rng = self.rng
        reviewer = self.reviewer(plan.unit.region_id)
        checked = plan.market or rng.random() < 0.2
        if plan.failed_on:
            findings, reasons = ([FAIR_COMPETITION_FAIL[0]], FAIR_COMPETITION_FAIL[1]) if plan.market \
                else ([], rng.choice(FAIL_REASONS))
            services.record_review(actor=reviewer, document=doc, outcome=ReviewOutcome.FAIL, reasons=reasons,
                                   fair_competition_checked=checked, fair_competition_findings=findings,
                                   reviewed_on=plan.failed_on)
        findings, exception = [], ""
        if plan.market and "培育奖励" in plan.title:
            findings, exception = [FAIR_COMPETITION_EXCEPTION[0]], FAIR_COMPETITION_EXCEPTION[1]
        passed = rng.random() < 0.65 and not exception
        services.record_review(
            actor=reviewer, document=doc, outcome=ReviewOutcome.PASS if passed else ReviewOutcome.PASS_AFTER_CHANGES,
            reasons="" if passed else (
                "适用公平竞争审查例外情形，已说明理由和实施期限；其他条款修改后通过。" if exception
                else rng.choice(PASS_REASONS)),
            fair_competition_checked=checked, fair_competition_findings=findings,
            fair_competition_exception=exception, reviewed_on=plan.reviewed)
        # The first opinion meets the review deadline on its date (the step to deliberation, which
        # would stop it otherwise, is not dated: it would stop it on the day the demo is built).
        stop_deadline(actor=reviewer, record=doc, key=rules.LEGALITY_REVIEW.key, on=plan.failed_on or plan.reviewed,
                      by="review")

    def attach(self, actor: Any, doc: NormativeDocument, kinds: dict[str, str]) -> None:
        for kind, label in kinds.items():
            add_attachment(actor=actor, record=doc, kind=kind, name=f"{label}.txt",
                           file=ContentFile(f"{doc.title}\n{label}\n（演示材料）\n".encode(), name=f"{kind}.txt"))

    def end(self, plan: Plan, name: str, on: D, reason: str) -> None:
        doc = plan.doc
        if doc is None or NormativeDocument.objects.get(pk=doc.pk).state not in VALID_STATES:
            return
        self.step(self.drafter(plan.unit), doc, name, on, reason)

    def evaluate(self, plan: Plan, on: D, conclusion: str) -> None:
        doc = plan.doc
        if doc is None or NormativeDocument.objects.get(pk=doc.pk).state not in VALID_STATES:
            return
        services.record_evaluation(actor=self.drafter(plan.unit), document=doc, conclusion=conclusion,
                                   findings=EVALUATIONS[conclusion], evaluated_on=on)

    def evaluate_expiring(self) -> None:
        """Half of the documents expiring within six months have been evaluated already."""
        rng, today = self.rng, self.today
        plans = {p.doc.pk: p for p in self.published + self.revisions if p.doc is not None}
        expiring = NormativeDocument.objects.filter(
            state__in=VALID_STATES, expires_on__gte=today, expires_on__lte=today + 183 * DAY).order_by("expires_on", "pk")
        for n, doc in enumerate(expiring):
            opens = rules.evaluation_window_opens(doc)
            if n % 2 or doc.pk not in plans or opens is None or opens > today:
                continue
            on = self.between(max(opens, plans[doc.pk].last + DAY), today)
            if on > today:
                continue
            conclusion = rng.choice([EvaluationConclusion.CONTINUE, EvaluationConclusion.CONTINUE,
                                     EvaluationConclusion.AMEND, EvaluationConclusion.LAPSE])
            self.evaluate(plans[doc.pk], on, conclusion)

    # ---- cleanups --------------------------------------------------------------------------------

    def cleanup(self) -> None:
        """The city's cleanup of last year: selected, decided and published by the city coordinator."""
        year, coordinator = self.today.year - 1, self.coordinator(self.city.city.code)
        campaign = services.save_campaign(actor=coordinator, campaign=CleanupCampaign(
            title=f"{year}年{self.city.city.name}行政规范性文件集中清理", unit=self.city.city_government,
            scope=f"{year - 1}年12月31日前市人民政府及其工作部门制定的现行有效的行政规范性文件",
            basis="国办发〔2018〕37号；市人民政府办公室关于开展行政规范性文件集中清理工作的通知",
            started_on=self.cleanup_started))
        docs = [p.doc.pk for p, _, _ in self.decisions if p.doc is not None]
        if not docs:
            return
        services.add_to_campaign(actor=coordinator, campaign=campaign,
                                 documents=NormativeDocument.objects.filter(pk__in=docs))
        decided = {p.doc.pk: (decision, reason) for p, decision, reason in self.decisions if p.doc is not None}
        for item in campaign.items.order_by("pk"):
            decision, reason = decided[item.document_id]
            services.decide(actor=coordinator, item=item, decision=decision, reason=reason)
        services.publish_campaign(actor=coordinator, campaign=campaign, published_on=self.cleanup_published)

    def county_cleanup(self) -> None:
        """青江区 is cleaning up its documents now: selected, some decided, nothing published yet."""
        rng, today = self.rng, self.today
        county = self.city.counties[0]
        coordinator = self.coordinator(county.code)
        started = self.workday_before(today - rng.randint(15, 40) * DAY)
        campaign = services.save_campaign(actor=coordinator, campaign=CleanupCampaign(
            title=f"{started.year}年{county.name}行政规范性文件清理", unit=self.city.governments[county.code],
            scope=f"{county.name}人民政府制定的现行有效的行政规范性文件",
            basis="国办发〔2018〕37号；市人民政府关于开展行政规范性文件清理工作的通知", started_on=started))
        candidates = services.cleanup_candidates(actor=coordinator, published_to=started).filter(
            drafting_body__unit=self.city.governments[county.code]).order_by("published_on", "pk")
        chosen = list(candidates.values_list("pk", flat=True))
        chosen = rng.sample(chosen, min(10, len(chosen)))
        if not chosen:
            return
        services.add_to_campaign(actor=coordinator, campaign=campaign,
                                 documents=NormativeDocument.objects.filter(pk__in=chosen))
        for n, item in enumerate(campaign.items.order_by("pk")[:4]):
            if n == 3:
                services.decide(actor=coordinator, item=item, decision=CleanupDecision.AMEND,
                                reason=rng.choice(CLEANUP_AMEND))
            else:
                services.decide(actor=coordinator, item=item, decision=CleanupDecision.KEEP)

    # ---- work in progress ------------------------------------------------------------------------

    def lay_out_progress(self) -> None:
        """The dates of the drafts still in preparation, back from today."""
        rng, today = self.rng, self.today
        late = True  # one draft has been waiting for its review longer than the 15 working days
        for stage, p in self.progress:
            if stage == "public_comment":  # opened in the last days: still open
                p.opened = self.workday_before(today - rng.randint(0, 5) * DAY)
            elif stage == "legality_review":
                p.closed = self.workday_before(today - (30 if late else rng.randint(1, 12)) * DAY)
                late = False
            elif stage == "deliberation":
                p.reviewed = self.workday_before(today - rng.randint(1, 10) * DAY)
                p.closed = self.workday_before(p.reviewed - rng.randint(3, 15) * DAY)
            elif stage == "registered":
                p.registered = self.workday_before(today - rng.randint(0, 4) * DAY)
                p.held = self.workday_before(p.registered - rng.randint(1, 6) * DAY)
                p.reviewed = self.workday_before(p.held - rng.randint(5, 20) * DAY)
                p.closed = self.workday_before(p.reviewed - rng.randint(3, 15) * DAY)
            if p.closed:
                p.opened = self.comment_opened(p.closed, p.market)

    def work_in_progress(self) -> None:
        """Drafts: open for comment (with comments), under review, awaiting deliberation, registered, new."""
        plans = list(self.progress)
        if self.revision_draft is not None:
            old = self.revision_draft
            plans.append(("drafting", Plan(body=old.body, prefix=old.prefix, unit=old.unit, topic=old.topic,
                                           title=self.revised_title(old.title, self.today.year), market=old.market,
                                           amends=old)))
        for stage, p in plans:
            self.run(p, stage)
            if stage == "public_comment" and p.doc is not None and p.doc.state == DocumentState.PUBLIC_COMMENT:
                self.comments(p)

    def comments(self, plan: Plan) -> None:
        """Comments from the public: most published with the drafting unit's answer, some pending."""
        rng = self.rng
        drafter = self.drafter(plan.unit)
        picked = rng.sample(COMMENTS, rng.randint(2, 5))
        for n, (name, content, adoption, response) in enumerate(picked):
            contact = f"citizen{rng.randint(100, 999)}@example.invalid" if name and rng.random() < 0.5 else ""
            comment = services.submit_comment(document_id=plan.doc.pk, content=content, name=name, contact=contact)
            if adoption and n < len(picked) - 1:  # the latest one is still waiting for moderation
                services.moderate_comment(actor=drafter, comment=comment, status=CommentStatus.PUBLISHED,
                                          adoption=adoption, response=response)
        if rng.random() < 0.4:
            name, content, note = WITHHELD
            comment = services.submit_comment(document_id=plan.doc.pk, content=content, name=name)
            services.moderate_comment(actor=drafter, comment=comment, status=CommentStatus.REJECTED,
                                      moderation_note=note)


FILING_KINDS = {
    "filing_report": "备案报告", "document": "规范性文件正式文本", "drafting_explanation": "起草说明",
    "legality_opinion": "合法性审核意见",
}


def build(city: DemoCity) -> None:
    _Builder(city).build()
