"""Chinese text of generated tickets: subjects, descriptions, fault phenomena and resolutions.

The words are the ones agents type when they search ("不制冷", "压缩机 噪音", "漏水", "迟到"), so
the search rows find real matches. Texts come from a bounded set of phrases: the generator
segments each distinct text once.
"""

import random

PRODUCTS = {
    "KT": "空调",
    "XYJ": "洗衣机",
    "BX": "冰箱",
    "RSQ": "热水器",
    "DS": "电视",
    "YYJ": "油烟机",
}
FAULTS = {
    "KT": [
        "不制冷",
        "不制热",
        "外机噪音大",
        "室内机漏水",
        "遥控器失灵",
        "显示E1故障",
        "有异味",
        "压缩机不启动",
    ],
    "XYJ": [
        "不脱水",
        "不进水",
        "排水慢",
        "滚筒不转",
        "噪音大",
        "漏水",
        "门打不开",
        "显示E3故障",
    ],
    "BX": [
        "不制冷",
        "冷藏室结冰",
        "压缩机噪音大",
        "漏水",
        "门封不严",
        "有异味",
        "温度显示异常",
        "压缩机不停机",
    ],
    "RSQ": ["不出热水", "点不着火", "漏水", "水温忽冷忽热", "显示E1故障", "噪音大"],
    "DS": ["黑屏", "无信号", "遥控器失灵", "有声音无图像", "花屏", "不能开机"],
    "YYJ": ["吸力小", "噪音大", "漏油", "不能启动", "照明灯不亮", "运转有异响"],
}
OPENINGS = ["客户来电反映", "客户在线反映", "用户来电称", "客户反映"]
REPAIR_EXTRAS = [
    "已自行断电重启无效",
    "购买不到一年",
    "家中有老人希望尽快上门",
    "周末在家方便上门",
    "上次维修后又出现同样问题",
    "客户情绪较急",
    "要求上门检测",
    "询问是否在保修期内",
    "工作日白天家中无人",
    "希望师傅上午来",
]
FAULT_DETAILS = ["持续两天", "今天早上开始", "间歇出现", "开机后半小时出现", "已有一周"]
INSTALL_EXTRAS = ["需要打孔", "需要加长铜管", "已送货到家", "希望周末安装", "需要拆旧机"]
DELIVERY_EXTRAS = ["楼层较高无电梯", "需预约送货时间", "顺带拆除旧机", "小区需登记"]
COMPLAINT_TARGETS = ["维修师傅", "服务网点", "客服人员", "送货人员"]
COMPLAINT_ISSUES = [
    "迟到",
    "服务态度差",
    "乱收费",
    "多次维修未修好",
    "未按约定时间上门",
    "配件等待时间过长",
]
COMPLAINT_EXTRAS = ["要求赔偿", "要求上级回电", "已是第二次投诉", "情绪激动", "要求书面答复"]
GUIDANCE_TOPICS = ["使用方法", "清洗方法", "节能模式设置", "遥控器设置", "定时功能", "保养建议"]
BUSINESS_TOPICS = ["保修政策", "延保服务", "以旧换新活动", "维修收费标准", "网点地址", "发票开具"]
SUGGESTIONS = [
    "增加夜间服务时间",
    "优化预约流程",
    "短信通知师傅到达时间",
    "提供在线报修",
    "延长热线服务时间",
]
CARE_TOPICS = ["生日问候", "节日问候", "保修到期提醒", "保养提醒"]
RESOLUTIONS = {
    "repair": [
        "更换温控器",
        "更换压缩机",
        "补充冷媒",
        "清洗过滤网",
        "更换排水泵",
        "更换主板",
        "调整门封",
        "更换电源板",
        "疏通排水管",
    ],
    "installation": ["安装完成，试机正常", "安装完成并讲解使用方法"],
    "delivery": ["已送达并验收", "送达后客户签收"],
    "return_exchange": ["已办理换货", "已办理退货退款"],
    "complaint": ["已向客户致歉并安排重新上门", "已核实并退还多收费用", "已对网点进行考核"],
    "consult": ["电话指导客户操作", "已告知相关政策", "已发送说明书链接"],
    "task": ["客户对服务满意", "客户表示基本满意", "已完成"],
}
RESOLUTION_KEY = {
    "guidance": "consult",
    "fault_consult": "consult",
    "business_consult": "consult",
    "suggestion": "consult",
    "follow_up": "task",
    "care": "task",
}


def texts(ticket_type: str, product: str, rng: random.Random) -> tuple[str, str, str]:
    """(subject, description, fault description) of a ticket about product type `product`."""
    name = PRODUCTS[product]
    fault = rng.choice(FAULTS[product])
    if ticket_type == "repair":
        detail = f"{fault}，{rng.choice(FAULT_DETAILS)}"
        extra = rng.choice(REPAIR_EXTRAS)
        return f"{name}{fault}", f"{rng.choice(OPENINGS)}{name}{fault}，{extra}。", detail
    if ticket_type == "installation":
        extra = rng.choice(INSTALL_EXTRAS)
        return f"{name}新机安装", f"客户新购{name}，预约上门安装，{extra}。", ""
    if ticket_type == "delivery":
        return f"{name}送货上门", f"{name}送货，{rng.choice(DELIVERY_EXTRAS)}。", ""
    if ticket_type == "return_exchange":
        kind = rng.choice(["退货", "换货"])
        return f"{name}申请{kind}", f"客户购买后{name}{fault}，要求{kind}。", fault
    if ticket_type == "complaint":
        target, issue = rng.choice(COMPLAINT_TARGETS), rng.choice(COMPLAINT_ISSUES)
        extra = rng.choice(COMPLAINT_EXTRAS)
        return f"投诉{target}{issue}", f"客户投诉{target}{issue}，{extra}。", ""
    if ticket_type == "guidance":
        topic = rng.choice(GUIDANCE_TOPICS)
        return f"咨询{name}{topic}", f"客户咨询{name}的{topic}。", ""
    if ticket_type == "fault_consult":
        return f"{name}{fault}咨询", f"客户咨询{name}{fault}的处理方法。", fault
    if ticket_type == "business_consult":
        topic = rng.choice(BUSINESS_TOPICS)
        return f"咨询{topic}", f"客户咨询{name}的{topic}。", ""
    if ticket_type == "suggestion":
        text = rng.choice(SUGGESTIONS)
        return f"建议{text}", f"客户建议{text}。", ""
    if ticket_type == "follow_up":
        return f"{name}维修回访", "回访客户对上次服务的满意度。", ""
    topic = rng.choice(CARE_TOPICS)
    return f"客户关怀：{topic}", f"{topic}，{name}使用情况回访。", ""


def resolution(ticket_type: str, rng: random.Random) -> str:
    return rng.choice(RESOLUTIONS[RESOLUTION_KEY.get(ticket_type, ticket_type)])
