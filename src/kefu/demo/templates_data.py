"""The demo's answer templates and forbidden phrases: the standard phrases (标准用语) of seed 004,
in modern Chinese, with the variables the renderer fills ({客户称呼}, {坐席工号}, ...)."""

from kefu.knowledge.models import AnswerTemplate, ForbiddenPhrase

# (category, key, title, text)
TEMPLATES = [
    # 开头语、问候语
    (
        "greeting",
        "wh1",
        "问候语",
        "您好，欢迎致电{公司名称}客户服务热线，客服代表{坐席工号}很高兴为您服务，请问有什么可以帮助您？",
    ),
    ("greeting", "wh2", "回应客户问候", "您好，请问有什么可以帮助您？"),
    ("greeting", "wh3", "称呼客户", "{客户称呼}，请问有什么可以帮助您？"),
    (
        "greeting",
        "wh4",
        "外呼开场",
        "您好，请问是{客户称呼}吗？我是{公司名称}客服代表{坐席工号}，打扰您一分钟，好吗？",
    ),
    # 核实身份
    ("identity", "hs1", "核实姓名和电话", "为了保障您的信息安全，请问您的姓名和预留的联系电话是？"),
    ("identity", "hs2", "确认本人", "请问您是{客户姓名}本人吗？"),
    (
        "identity",
        "hs3",
        "核对服务单号",
        "{客户称呼}，跟您核对一下，您的服务单号是{服务单号}，对吗？",
    ),
    ("identity", "hs4", "核对产品型号", "{客户称呼}，请问您的产品型号是{产品型号}吗？"),
    # 歉意
    ("apology", "qq1", "带来不便", "非常抱歉给您带来不便，我们会尽快为您处理。"),
    ("apology", "qq2", "久等", "对不起，让您久等了。"),
    ("apology", "qq3", "需要核实", "很抱歉，这个问题我需要向相关部门核实，稍后给您回复，好吗？"),
    # 结束语
    ("closing", "js1", "询问其他需要", "请问还有其他可以帮助您的吗？"),
    ("closing", "js2", "致谢道别", "感谢您的来电，祝您生活愉快，再见！"),
    (
        "closing",
        "js3",
        "上门确认后道别",
        "{客户称呼}，您的服务单号是{服务单号}，工程师将于{预约时间}上门，请保持电话畅通。感谢您的来电，再见！",
    ),
    ("closing", "js4", "回访提示", "稍后可能会有回访电话，请您对我们的服务进行评价，谢谢！"),
    # 无声电话
    ("silent", "wsd1", "无声电话：第一次询问", "您好！请问有什么可以帮助您？"),
    ("silent", "wsd2", "无声电话：稍停 5 秒再问", "您好，请问有什么可以帮助您？"),
    (
        "silent",
        "wsd3",
        "无声电话：结束通话",
        "对不起，您的电话没有声音，请您换一部电话再打来，好吗？再见！",
    ),
    # 听不清
    ("poor_line", "tbq1", "免提听不清", "对不起，您的声音太小，请您拿起话筒说话，好吗？"),
    ("poor_line", "tbq2", "声音小", "对不起！请您大声一点，好吗？"),
    ("poor_line", "tbq3", "声音仍然太小", "对不起！您的电话声音太小，请您换一部电话打来，好吗？"),
    (
        "poor_line",
        "tbq4",
        "杂音太大",
        "对不起，您的电话杂音太大，听不清，请您换一部电话再打来，好吗？再见！",
    ),
    ("poor_line", "tbq5", "客户说听不清", "对不起，请问有什么可以帮助您？（稍微提高音量）"),
    # 方言
    ("dialect", "fy1", "请讲普通话", "对不起，请您讲普通话，好吗？谢谢！"),
    ("dialect", "fy2", "请能讲普通话的人接听", "对不起，请您找一位能讲普通话的人来，好吗？谢谢！"),
    # 投诉安抚
    (
        "soothing",
        "ts1",
        "理解心情",
        "{客户称呼}，非常理解您的心情，请您不要着急，我会尽力帮您解决。",
    ),
    (
        "soothing",
        "ts2",
        "记录意见",
        "感谢您提出的宝贵意见，我已经详细记录，会尽快转交相关部门处理，并在 24 小时内给您答复。",
    ),
    (
        "soothing",
        "ts3",
        "告知投诉单号",
        "您反映的问题已经登记，服务单号是{服务单号}，请您记一下，以便查询处理进度。",
    ),
    ("soothing", "ts4", "跟进承诺", "给您带来的不便我们深表歉意，我会跟进处理结果，并及时通知您。"),
    # 请稍候
    ("waiting", "dd1", "查询中", "请您稍等，我帮您查询一下。"),
    ("waiting", "dd2", "查询需要时间", "{客户称呼}，查询需要一点时间，请您稍候，不要挂机，好吗？"),
    ("waiting", "dd3", "感谢等待", "感谢您的耐心等待。"),
    # 其他
    (
        "other",
        "qt1",
        "确认上门时间",
        "{客户称呼}，跟您确认一下，工程师将于{预约时间}上门为您检修{产品型号}，请问这个时间方便吗？",
    ),
    (
        "other",
        "qt2",
        "坐席自我介绍",
        "我是{公司名称}客服代表{坐席姓名}，工号{坐席工号}，今天是{当前日期}，很高兴为您服务。",
    ),
]

# (phrase, what to say instead)
FORBIDDEN = [
    ("喂，说话呀！", "您好！请问有什么可以帮助您？"),
    ("喂，说吧！", "您好，请问有什么可以帮助您？"),
    ("再不说话我就挂了啊！", "对不起，您的电话没有声音，请您换一部电话再打来，好吗？再见！"),
    ("喂，大声一点儿！", "对不起，您的声音太小，请您拿起话筒说话，好吗？"),
    ("我不知道", "请您稍等，我帮您查询一下。"),
    ("这不归我们管", "这个问题我帮您转给相关部门处理，稍后给您回复。"),
    ("你听明白了吗", "请问我解释清楚了吗？"),
    ("这是规定，没办法", "很抱歉，按照公司的规定……我们可以为您这样处理：……"),
    ("你自己看说明书", "我来为您讲解一下操作方法。"),
    ("等一下", "请您稍等，我帮您查询一下。"),
]


def answer_templates_seed() -> dict[str, int]:
    """Insert the templates and phrases not there yet (by key and by phrase)."""
    keys = set(AnswerTemplate.objects.values_list("key", flat=True))
    AnswerTemplate.objects.bulk_create(
        [
            AnswerTemplate(category=category, key=key, title=title, body=body, sort=10 * (i + 1))
            for i, (category, key, title, body) in enumerate(TEMPLATES)
            if key not in keys
        ]
    )
    phrases = set(ForbiddenPhrase.objects.values_list("phrase", flat=True))
    ForbiddenPhrase.objects.bulk_create(
        [
            ForbiddenPhrase(phrase=phrase, suggestion=suggestion)
            for phrase, suggestion in FORBIDDEN
            if phrase not in phrases
        ]
    )
    return {
        "answer templates": AnswerTemplate.objects.count(),
        "forbidden phrases": ForbiddenPhrase.objects.count(),
    }
