"""What the demo's grades, strategy library, segments and plans say. Plain tables, no logic;
`strategies_library` and `strategies_plans` turn them into rows.

Grades are the default codes (diamond 钻石, gold 金卡, silver 银卡, regular 普通); response-time
levels are the service app's defaults (standard, priority, vip); users are `content.USERS`.
"""

from dataclasses import dataclass

# Tables, laid out by hand for reading: the formatter leaves them alone.
# fmt: off

# ---- grades -------------------------------------------------------------------------------------

# Shares of the customers the transactions aim at each grade (the rest are regular).
GRADE_SHARES = {"diamond": 0.05, "gold": 0.15, "silver": 0.30}
# (from grade, to grade, reason) of manual overrides in force
OVERRIDES = [
    ("gold", "diamond", "集团战略合作客户，年度框架协议已签，经客服经理审批临时升为钻石"),
    ("silver", "gold", "新开业连锁门店，首批采购中央空调三十台，给予金卡待遇三个月"),
    ("regular", "silver", "客户投诉处理补偿：维修多次未修好，经主管批准升为银卡一年"),
    ("gold", "silver", "连续两期货款逾期未付，财务要求暂降为银卡，回款后恢复"),
]
# Earlier grade history (imported from the old CRM) of some customers: their grade two years ago
# and one year ago, by their target grade now (regular → silver → gold ...).
EARLIER = {
    "diamond": [("gold", "diamond"), ("silver", "gold")],
    "gold": [("regular", "silver"), ("silver", "silver"), ("silver", "diamond")],
    "silver": [("regular", "regular"), ("regular", "gold")],
    "regular": [("silver", "silver"), ("regular", "silver")],
}
IMPORT_REASONS = ("由原客户管理系统导入的等级", "原系统年度评级结果")


# ---- strategy library ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StrategyRow:
    code: str
    name: str
    kind: str  # "entitlement" | "action"
    grades: tuple[str, ...]
    cost: int
    description: str
    sla_level: str = ""
    priority: int | None = None
    dedicated_agent: str = ""  # username
    expert_seat: bool = False
    free_labour: bool = False
    parts_share: int | None = None
    prefer_top_outlets: bool = False
    action_type: str = ""
    recurrence: str = ""
    status: str = "active"
    # later versions: (reason, {field: new value})
    changes: tuple = ()


FIRST_VERSION = "初始制定"
RETIRE_REASON = "厂家统一延保政策上线，本策略停用"
STRATEGIES = [
    StrategyRow("QY-ZS", "钻石客户贵宾服务", "entitlement", ("diamond",), 800,
                "钻石客户报修按贵宾响应等级处理，紧急优先级进入队列，由专属客服跟进；人工费全免、"
                "配件全额保障，优先派往评分最高的服务网点。",
                sla_level="vip", priority=4, dedicated_agent="agent1", free_labour=True,
                parts_share=100, prefer_top_outlets=True,
                changes=(("完善：增加专家坐席直通，技术问题不再经普通坐席转接",
                          {"expert_seat": True}),)),
    StrategyRow("QY-JK", "金卡客户优先服务", "entitlement", ("gold",), 300,
                "金卡客户报修按优先响应等级处理，高优先级进入队列，维修人工费全免。",
                sla_level="priority", priority=3, free_labour=True,
                changes=(("完善：配件费用承担五成，减少金卡客户自费争议", {"parts_share": 50}),
                         ("变更：金卡客户也优先派往高评分网点，降低重复维修率",
                          {"prefer_top_outlets": True}))),
    StrategyRow("QY-YK", "银卡客户优先排队", "entitlement", ("silver",), 50,
                "银卡客户来电和服务单以高优先级排队，缩短等待时间。", priority=3),
    StrategyRow("QY-ZJ", "大客户专家坐席直通", "entitlement", ("diamond", "gold"), 120,
                "企业大客户的技术咨询直接转专家坐席，一次解答到位。", expert_seat=True),
    StrategyRow("XD-HF", "季度关怀回访", "action", ("diamond", "gold"), 20,
                "每季度电话回访一次，了解产品使用情况和服务需求，记录客户意见。",
                action_type="care_call", recurrence="quarterly",
                changes=(("完善：回访话术增加满意度打分和需求登记两个环节", {"cost": 25}),)),
    StrategyRow("XD-BY", "年度上门保养", "action", ("diamond", "gold"), 150,
                "每年安排一次免费上门保养：空调清洗、热水器除垢、净水器更换滤芯。",
                action_type="maintenance", recurrence="yearly",
                changes=(("变更：保养范围扩大到银卡客户的空调和热水器",
                          {"grades": ("diamond", "gold", "silver"), "cost": 180}),)),
    StrategyRow("XD-LP", "生日礼品", "action", ("diamond", "gold"), 200,
                "客户生日前寄送定制礼品并电话祝福。",
                action_type="gift", recurrence="yearly"),
    StrategyRow("XD-PX", "产品使用培训", "action", ("diamond", "gold", "silver", "regular"), 80,
                "新购产品安装后上门或视频培训一次：正确使用、日常清洁和节能技巧。",
                action_type="training", recurrence="once"),
    StrategyRow("XD-XN", "新年问候", "action", ("diamond", "gold", "silver", "regular"), 5,
                "元旦前电话或短信问候，送上新年祝福并提醒冬季用电安全。",
                action_type="care_call", recurrence="yearly"),
    StrategyRow("XD-ZF", "大客户季度走访", "action", ("diamond",), 300,
                "客户经理每季度上门走访企业大客户，听取设备使用和服务意见。",
                action_type="visit", recurrence="quarterly"),
    StrategyRow("XD-LX", "净水器滤芯更换提醒", "action", ("gold", "silver"), 10,
                "每月电话或短信提醒检查滤芯寿命，按需预约上门更换。",
                action_type="care_call", recurrence="monthly", status="draft"),
    StrategyRow("XD-ZK", "延保卡赠送", "action", ("gold",), 260,
                "金卡客户购买大家电后赠送一年延保卡（已由厂家统一延保政策取代）。",
                action_type="gift", recurrence="once", status="retired"),
]


# ---- segments -----------------------------------------------------------------------------------

# (name, description, grades, conditions)
SEGMENTS = [
    ("高价值待挽留客户", "钻石和金卡客户中满意度不高于70分的：服务体验欠佳，重点回访挽留",
     ["diamond", "gold"], [{"score": "satisfaction", "op": "<=", "value": 70}]),
    ("沉睡客户", "忠诚度不高于30的客户：长期没有消费和服务往来，需要唤醒",
     [], [{"score": "loyalty", "op": "<=", "value": 30}]),
]


# ---- plans --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRow:
    """A plan for a customer of `grade` (a company when `company`), or for the segment named.
    It starts `start` = (months, days) from today and runs `months` months; `owner` is a
    username. Later versions are (reason, {field: value}), field one of "strategies" ("+code"
    or "-code"), "months" (a new length) and "budget"; they happen halfway between its start
    and today. `agent1`: its tasks go to agent1, the HQ key-account agent."""

    title: str
    goal: str
    status: str
    start: tuple[int, int]
    months: int
    strategies: tuple[str, ...]
    grade: str = ""
    company: bool = False
    segment: str = ""
    owner: str = "manager1"
    budget: int = 0
    changes: tuple = ()
    agent1: bool = False
    cancel_reason: str = ""


PLANS = [
    PlanRow("钻石客户年度尊享服务方案", "保持钻石客户满意度在4.8分以上，全年零投诉。", "active",
            (-6, 2), 12, ("QY-ZS", "XD-HF", "XD-BY"), grade="diamond", owner="agent1",
            budget=6000, agent1=True,
            changes=(("完善：增加季度上门走访，由客户经理带队", {"strategies": "+XD-ZF"}),
                     ("变更：预算按实际走访次数上调", {"budget": 8000}))),
    PlanRow("钻石客户关怀方案（企业）", "巩固合作关系，争取明年框架协议续签。", "active",
            (-3, 4), 12, ("QY-ZS", "QY-ZJ", "XD-HF", "XD-LP"), grade="diamond", company=True,
            owner="agent1", budget=5000, agent1=True),
    PlanRow("金卡客户保级方案", "通过关怀回访和免费保养提升满意度，防止降级。", "active",
            (-9, 1), 12, ("QY-JK", "XD-HF", "XD-BY"), grade="gold", owner="agent1", budget=3000,
            agent1=True),
    PlanRow("金卡客户升级钻石培育方案", "提高复购和服务满意度，一年内升为钻石客户。", "active",
            (-4, 6), 12, ("QY-JK", "XD-HF"), grade="gold", budget=2500,
            changes=(("完善：补充生日礼品和产品使用培训",
                      {"strategies": "+XD-LP", "budget": 3200}),)),
    PlanRow("金卡企业客户服务方案", "中央空调多联机维保到位，减少报修次数。", "active",
            (-7, 3), 12, ("QY-JK", "QY-ZJ", "XD-HF"), grade="gold", company=True, budget=4000,
            changes=(("变更：客户要求以年度上门保养代替季度电话回访",
                      {"strategies": "-XD-HF"}),
                     ("完善：补充年度上门保养", {"strategies": "+XD-BY"}))),
    PlanRow("银卡客户满意度提升方案", "解决历史投诉问题，满意度提升到4.5分。", "active",
            (-5, 5), 9, ("QY-YK", "XD-HF", "XD-PX"), grade="silver", budget=800,
            changes=(("变更：方案延长三个月，等待配件到货后完成回访", {"months": 12}),)),
    PlanRow("银卡客户新品使用培训", "新购洗碗机和净水器客户掌握正确使用方法。", "active",
            (0, -12), 6, ("QY-YK", "XD-PX", "XD-HF"), grade="silver", budget=600),
    PlanRow("高价值待挽留客户回访计划", "对满意度偏低的钻石和金卡客户逐一回访，降低流失。",
            "active", (-3, 3), 6, ("XD-HF",), segment="高价值待挽留客户", budget=5000,
            owner="supervisor1",
            changes=(("完善：加入新年问候，年底前再联系一次", {"strategies": "+XD-XN"}),)),
    PlanRow("普通客户首次关怀方案", "新客户安装后一周内完成使用培训和满意度回访。", "active",
            (0, -9), 3, ("XD-PX", "XD-HF"), grade="regular", owner="agent1", budget=300,
            agent1=True),
    PlanRow("沉睡客户唤醒计划（草案）", "对长期无往来的客户电话问候并推荐保养服务。", "draft",
            (0, 14), 6, ("XD-HF", "XD-XN"), segment="沉睡客户", budget=2000, owner="supervisor1"),
    PlanRow("金卡客户明年保养方案（草案）", "明年春季前完成空调清洗保养。", "draft",
            (1, 10), 12, ("QY-JK", "XD-BY"), grade="gold", budget=1500),
    PlanRow("钻石客户上半年服务方案", "上半年保持零投诉，完成两次回访和一次保养。", "completed",
            (-11, 0), 6, ("QY-ZS", "XD-HF", "XD-BY"), grade="diamond", budget=4000),
    PlanRow("银卡客户投诉挽回方案", "针对重复维修投诉客户，三个月内恢复信任。", "completed",
            (-9, 0), 3, ("QY-YK", "XD-HF", "XD-PX"), grade="silver", budget=600),
    PlanRow("金卡客户春节礼品方案", "春节前寄送礼品并电话拜年。", "cancelled",
            (-2, 0), 4, ("QY-JK", "XD-LP", "XD-HF"), grade="gold", budget=1200,
            cancel_reason="客户年度预算调整，礼品改由市场部统一安排"),
    PlanRow("普通客户延保推广方案", "推荐延保服务，提高延保购买率。", "cancelled",
            (-1, -15), 6, ("XD-PX", "XD-HF"), grade="regular", budget=500,
            cancel_reason="延保政策由厂家统一调整，方案不再执行"),
]
PLAN_FIRST_VERSION = "制定方案"
NEED_FULFILLED = "实施方案{plan}已完成，需求已落实"
# How the completed plans' customers stood when the plans started (the evaluation compares).
COMPLETED_BASELINE = {"satisfaction": -0.4, "value": -6, "complaints": 1}

# What agents record when a task is done, by action type.
TASK_RESULTS = {
    "care_call": ("电话回访完成，客户对产品使用满意，无新的服务需求。",
                  "客户反映空调制热效果一般，已登记需求并预约检查。",
                  "客户表示服务很好，希望保养时提前一天通知。",
                  "回访完成，客户对上次维修满意，给出5分评价。"),
    "maintenance": ("上门保养完成：清洗滤网和蒸发器，检测冷媒压力正常。",
                    "热水器除垢、检查镁棒，已更换镁棒一根。",
                    "净水器更换PP棉和活性炭滤芯，水质检测合格。"),
    "gift": ("生日礼品已寄出，顺丰单号已告知客户，客户表示感谢。",
             "礼品已由客户经理当面送达。"),
    "training": ("上门培训完成，客户已掌握日常清洁和节能模式使用。",
                 "视频培训40分钟，已发送电子版使用手册。"),
    "visit": ("走访客户行政部门，了解到明年计划新增两台柜机，已转销售跟进。",
              "走访完成，客户希望维保报告每季度汇总发送。"),
}
SKIP_REASONS = ("客户出差在外，约定下季度再联系", "客户电话连续三天无人接听",
                "客户表示近期不需要上门，已记录", "客户已搬迁，待更新地址后再安排")
# fmt: on
