"""What the demo is made of: base data, the org tree, the demo users, and the parts that
`generators` draws names, phones and addresses from. Plain tables, no logic.
"""

from dataclasses import dataclass

from kefu.catalog.choices import DictKind

# Tables, laid out by hand for reading: the formatter leaves them alone.
# fmt: off
PASSWORD = "kefu-demo"
SEED = 2026

# (code, name, [(model code, model name, warranty months)])
PRODUCTS = [
    ("AC", "空调", [
        ("KFR-26GW/BP3", "1匹变频挂机", 72),
        ("KFR-35GW/BP3", "1.5匹变频挂机", 72),
        ("KFR-50LW/BP2", "2匹变频柜机", 72),
        ("KFR-72LW/BP2", "3匹变频柜机", 72),
        ("RFC-120MXS", "多联式中央空调", 60),
    ]),
    ("RF", "冰箱", [
        ("BCD-118TMPA", "118升双门冰箱", 36),
        ("BCD-215TMPA", "215升三门冰箱", 36),
        ("BCD-470WDPG", "470升对开门冰箱", 36),
        ("BCD-520WICPZ", "520升十字对开门冰箱", 36),
    ]),
    ("WM", "洗衣机", [
        ("XQB80-M1269", "8公斤波轮洗衣机", 36),
        ("XQG100-B12866", "10公斤滚筒洗衣机", 36),
        ("XQG90-HBM14126", "9公斤洗烘一体机", 36),
    ]),
    ("WH", "热水器", [
        ("ES60H-M5(E)", "60升电热水器", 48),
        ("JSQ25-13ZH3", "13升燃气热水器", 36),
        ("KF150-200", "200升空气能热水器", 60),
    ]),
    ("TV", "电视", [
        ("43A3F", "43英寸全高清电视", 12),
        ("55A7G", "55英寸4K智能电视", 24),
        ("65E8K", "65英寸量子点电视", 24),
        ("75Q9K", "75英寸Mini LED电视", 24),
    ]),
    ("KA", "厨电", [
        ("CXW-260-E900", "顶吸式油烟机", 60),
        ("JZT-Q216B", "嵌入式燃气灶", 36),
        ("ZTD100-C5", "100升消毒柜", 24),
        ("WQP12-W3", "12套嵌入式洗碗机", 24),
        ("MG23NK1", "23升微波炉", 12),
    ]),
    ("WP", "净水器", [
        ("MRO-400G", "400加仑反渗透净水器", 12),
        ("MRO-600G", "600加仑厨下净水器", 24),
        ("QZ-UF01", "前置过滤器", 12),
    ]),
]

SERVICE_TYPES = [("install", "安装"), ("repair", "维修"), ("maintain", "保养"),
                 ("deliver", "送货"), ("return", "退换货"), ("relocate", "移机")]

DEPARTMENTS = [("CS", "客服部"), ("TECH", "技术支持部"), ("LOG", "物流部"),
               ("FIN", "财务部"), ("QA", "质量部")]

# DictKind → [(code, name, [(child code, child name)])]
DICTIONARY = {
    # 反馈问题分类: what suggestions (and later customer needs) are about
    DictKind.FEEDBACK_CATEGORY: [
        ("product_improvement", "产品改进", [("product_function", "功能改进"),
                                             ("product_manual", "说明书与包装"),
                                             ("product_warranty", "质保政策")]),
        ("service_improvement", "服务改进", [("service_hours", "服务时段"),
                                             ("service_notice", "上门通知"),
                                             ("service_progress", "进度查询")]),
        ("price", "价格建议", [("price_parts", "配件价格"), ("price_fee", "服务收费")]),
        ("new_need", "新需求", [("need_package", "保养套餐"), ("need_product", "新产品")]),
        ("praise", "表扬", []),
    ],
    # 投诉根因: given when a complaint is closed; the complaint analysis counts them
    DictKind.COMPLAINT_CAUSE: [
        ("attitude", "服务态度", [("attitude_words", "言语不当"), ("attitude_shirk", "推诿敷衍"),
                                  ("attitude_callback", "未按承诺回电")]),
        ("punctuality", "上门不准时", [("punctuality_late", "迟到未告知"),
                                       ("punctuality_missed", "爽约未上门")]),
        ("repair_quality", "维修质量", [("repair_misjudged", "故障判断错误"),
                                        ("repair_incomplete", "维修不彻底"),
                                        ("repair_mess", "施工未清理")]),
        ("fee_dispute", "收费争议", [("fee_over", "超标准收费"),
                                     ("fee_no_receipt", "未出具收费单")]),
        ("parts_quality", "配件质量", [("parts_defect", "配件缺陷"),
                                       ("parts_shortage", "配件缺货")]),
        ("logistics", "物流延误", [("logistics_dispatch", "调度失误"),
                                   ("logistics_damage", "运输破损")]),
        ("product_quality", "产品质量", [("product_design", "设计缺陷"),
                                         ("product_batch", "批次质量问题")]),
        ("process", "流程与系统", [("process_hotline", "热线接通率低"),
                                   ("process_handover", "内部转交延误")]),
    ],
    DictKind.EVALUATION_ITEM: [
        ("punctuality", "准时性", []), ("attitude", "服务态度", []),
        ("quality", "维修质量", []), ("price", "收费合理", []), ("cleanliness", "清洁整理", []),
    ],
    DictKind.RESPONSE_LEVEL: [
        ("L1", "2小时内响应", []), ("L2", "4小时内响应", []),
        ("L3", "24小时内响应", []), ("L4", "48小时内响应", []),
    ],
    DictKind.CUSTOMER_TAG: [
        ("vip", "VIP客户", []), ("loyal", "老客户", []), ("dealer", "经销商", []),
        ("key_account", "企业大客户", []), ("sensitive", "投诉敏感", []), ("new", "新客户", []),
    ],
    DictKind.INDUSTRY: [],  # filled from INDUSTRIES below
    DictKind.OCCUPATION: [],  # filled from OCCUPATIONS below
    DictKind.CUSTOMER_SOURCE: [
        ("phone", "电话来电", []), ("store", "门店登记", []), ("website", "官方网站", []),
        ("wechat", "微信公众号", []), ("dealer", "经销商推荐", []),
        ("referral", "老客户介绍", []), ("exhibition", "展会", []),
    ],
}


@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    words: tuple[str, ...]  # what follows the trade name: 电器, 物流速运 ...
    businesses: tuple[str, ...]  # main business (主营业务)
    stores: tuple[str, ...] = ()  # chain brands whose shops are named 品牌 + 街道 + 店


INDUSTRIES = [
    Industry("appliance_retail", "家电销售", ("电器", "家电销售"),
             ("家用电器销售及售后服务", "空调、冰箱、洗衣机销售安装"),
             ("苏宁电器", "国美电器", "五星电器")),
    Industry("supermarket", "超市零售", ("超市", "商贸"), ("日用百货、食品零售", "连锁超市经营"),
             ("华联超市", "家家乐超市", "惠民超市")),
    Industry("real_estate", "房地产", ("置业", "房地产开发"),
             ("房地产开发与销售", "商品房开发、物业租赁")),
    Industry("logistics", "物流运输", ("物流速运", "物流", "货运代理"),
             ("城际货运、仓储配送", "大件家电物流配送")),
    Industry("catering", "餐饮", ("餐饮管理", "食品"), ("中式快餐连锁", "餐饮服务、团餐配送")),
    Industry("hotel", "酒店住宿", ("酒店管理", "宾馆"), ("商务酒店经营", "酒店管理、会议服务")),
    Industry("manufacturing", "制造业", ("机械制造", "电子科技", "五金制品"),
             ("机电设备制造", "电子元器件生产")),
    Industry("it", "信息技术", ("信息技术", "网络科技", "软件"),
             ("软件开发、系统集成", "企业信息化服务")),
    Industry("construction", "建筑工程", ("建筑工程", "装饰工程"),
             ("建筑施工、装饰装修", "机电安装工程")),
    Industry("property", "物业服务", ("物业服务", "物业管理"),
             ("住宅小区物业管理", "商业楼宇物业服务")),
    Industry("education", "教育培训", ("教育科技", "培训学校"),
             ("职业技能培训", "中小学课外辅导")),
    Industry("medical", "医疗健康", ("医疗器械", "医药连锁"), ("医疗器械销售", "药品零售连锁")),
]

OCCUPATIONS = [
    ("teacher", "教师"), ("soldier", "军人"), ("merchant", "商人"), ("worker", "工人"),
    ("doctor", "医生"), ("nurse", "护士"), ("civil_servant", "公务员"), ("engineer", "工程师"),
    ("accountant", "会计"), ("driver", "司机"), ("self_employed", "个体户"), ("sales", "销售"),
    ("farmer", "农民"), ("lawyer", "律师"), ("cook", "厨师"), ("programmer", "程序员"),
    ("freelancer", "自由职业"), ("student", "学生"), ("retired", "退休"),
]
DICTIONARY[DictKind.INDUSTRY] = [(i.code, i.name, []) for i in INDUSTRIES]
DICTIONARY[DictKind.OCCUPATION] = [(code, name, []) for code, name in OCCUPATIONS]


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent: str = ""
    region_code: str = ""


# Parents before children. Branch region codes are their hub provinces.
ORG_UNITS = [
    Unit("HQ", "总部", "hq", region_code="110000"),
    Unit("HB", "华北分中心", "branch", "HQ", "110000"),
    Unit("HD", "华东分中心", "branch", "HQ", "310000"),
    Unit("HN", "华南分中心", "branch", "HQ", "440000"),
    Unit("XN", "西南分中心", "branch", "HQ", "510000"),
    Unit("HZ", "华中分中心", "branch", "HQ", "420000"),
    Unit("HB-BJHD", "北京海淀特约维修部", "outlet", "HB", "110108"),
    Unit("HB-QHDHG", "秦皇岛海港特约维修部", "outlet", "HB", "130302"),
    Unit("HD-SHPD", "上海浦东特约维修部", "outlet", "HD", "310115"),
    Unit("HN-GZTH", "广州天河特约维修部", "outlet", "HN", "440106"),
    Unit("XN-CDWH", "成都武侯特约维修部", "outlet", "XN", "510107"),
    Unit("HZ-WHWC", "武汉武昌特约维修部", "outlet", "HZ", "420106"),
]

# (username, role code, full name, org unit code). One user per role, and an agent per branch.
USERS = [
    ("admin", "admin", "赵立新", "HQ"),
    ("agent1", "agent", "王静", "HQ"),
    ("expert1", "expert", "陈志强", "HQ"),
    ("supervisor1", "supervisor", "李海燕", "HQ"),
    ("manager1", "manager", "张伟明", "HQ"),
    ("dispatcher1", "dispatcher", "刘洋", "HB"),
    ("outlet1", "outlet", "孙建军", "HB-BJHD"),
    ("parts1", "parts", "吴晓东", "HQ"),
    ("finance1", "finance", "郑丽华", "HQ"),
    ("agent2", "agent", "杨帆", "HD"),
    ("agent3", "agent", "黄婷婷", "HN"),
    ("agent4", "agent", "何俊", "XN"),
    ("agent5", "agent", "林晓雪", "HZ"),
    ("agent6", "agent", "高磊", "HB"),
    ("outlet2", "outlet", "周永刚", "HD-SHPD"),
]


@dataclass(frozen=True)
class City:
    code: str  # GB/T 2260 code of the city (its districts share the first four digits)
    name: str
    area_code: str  # long-distance prefix of its fixed lines
    digits: int  # length of a local fixed-line number
    branch: str  # org unit code of the branch centre serving it
    weight: int = 1


CITIES = [
    City("110100", "北京", "010", 8, "HB", 6), City("120100", "天津", "022", 8, "HB", 3),
    City("130100", "石家庄", "0311", 8, "HB", 2), City("130300", "秦皇岛", "0335", 7, "HB", 3),
    City("140100", "太原", "0351", 7, "HB", 2), City("150100", "呼和浩特", "0471", 7, "HB", 1),
    City("210100", "沈阳", "024", 8, "HB", 2), City("220100", "长春", "0431", 8, "HB", 1),
    City("230100", "哈尔滨", "0451", 8, "HB", 2),
    City("310100", "上海", "021", 8, "HD", 6), City("320100", "南京", "025", 8, "HD", 3),
    City("320500", "苏州", "0512", 8, "HD", 2), City("330100", "杭州", "0571", 8, "HD", 3),
    City("330200", "宁波", "0574", 8, "HD", 2), City("340100", "合肥", "0551", 8, "HD", 2),
    City("350100", "福州", "0591", 8, "HD", 2), City("360100", "南昌", "0791", 8, "HD", 1),
    City("370100", "济南", "0531", 8, "HD", 2), City("370200", "青岛", "0532", 8, "HD", 2),
    City("440100", "广州", "020", 8, "HN", 5), City("440300", "深圳", "0755", 8, "HN", 5),
    City("450100", "南宁", "0771", 7, "HN", 2), City("460100", "海口", "0898", 8, "HN", 1),
    City("510100", "成都", "028", 8, "XN", 4), City("500100", "重庆", "023", 8, "XN", 4),
    City("520100", "贵阳", "0851", 8, "XN", 1), City("530100", "昆明", "0871", 8, "XN", 2),
    City("610100", "西安", "029", 8, "XN", 3), City("620100", "兰州", "0931", 7, "XN", 1),
    City("410100", "郑州", "0371", 8, "HZ", 3), City("420100", "武汉", "027", 8, "HZ", 4),
    City("430100", "长沙", "0731", 8, "HZ", 3),
]
QINHUANGDAO = "130300"
HAIGANG_DISTRICT = "130302"

# The seed document's sample customers, all in 秦皇岛市海港区.
# (name, street detail, fixed line or "" for a generated one, industry code, main business)
SAMPLE_COMPANIES = [
    ("苏宁电器", "河北大街1号", "0335-6666168", "appliance_retail", "家电销售"),
    ("国美电器", "建设大街2号", "", "appliance_retail", "家电销售"),
    ("广源超市", "秦皇大街3号", "", "supermarket", "超市销售"),
    ("兴龙置业", "文化大街5号", "", "real_estate", "房地产"),
]
# (name, gender, occupation, hobbies)
SAMPLE_PEOPLE = [
    ("刘雁峰", "m", "教师", "读书"),
    ("孟晓波", "m", "军人", "射击"),
    ("刘学丽", "f", "商人", "看书"),
    ("牛竹红", "f", "工人", "打球"),
]

# Names: surnames roughly by frequency (the first ones weigh more), given-name characters by gender.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
            "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
            "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤牛")
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林洋峰建国志文海东晨博庆永兵"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧红琳颖倩萍梅莉洁琴云莹佳欣悦璐瑶怡晶妍蕾丹薇秀兰"
HOBBIES = ("读书", "看书", "旅游", "摄影", "钓鱼", "跑步", "羽毛球", "乒乓球", "篮球", "足球",
           "游泳", "书法", "绘画", "下棋", "广场舞", "太极拳", "养花", "烹饪", "音乐", "登山",
           "看电影", "打球", "射击")

# Addresses
STREETS = ("人民路", "解放路", "中山路", "建设大街", "文化路", "和平路", "胜利路", "长江路",
           "黄河路", "新华街", "光明路", "友谊路", "朝阳路", "青年路", "东风路", "迎宾大道",
           "学府路", "工业大道", "滨河路", "花园路", "幸福路", "振兴路", "民主路", "团结路")
COMMUNITIES = ("阳光花园", "翠苑小区", "锦绣家园", "金色家园", "幸福里", "和平小区", "碧水湾",
               "滨江花园", "世纪城", "丽景苑", "书香门第", "星河湾", "怡景小区", "龙湖花园")
BUILDINGS = ("国贸大厦", "金融中心", "科技园A座", "商务大厦", "万达广场", "创业大厦", "时代广场")
TRADE_NAMES = ("恒达", "鑫源", "宏远", "瑞丰", "华信", "金泰", "正邦", "天成", "永盛", "佳和",
               "博远", "新锐", "盛世", "汇通", "嘉禾", "中联", "德润", "迅捷", "安达", "海纳",
               "利民", "华宇", "兴业", "福瑞", "鼎盛", "宏图", "通达", "顺发", "昌隆", "泰和")
CONTACT_TITLES = ("总经理", "行政经理", "采购主管", "店长", "设备管理员", "后勤主管", "办公室主任")

MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                   "152", "153", "155", "156", "157", "158", "159", "173", "175", "176", "177",
                   "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191",
                   "193", "195", "198", "199")

# Customer tags (names of DictKind.CUSTOMER_TAG entries) that suit each kind of customer.
PERSON_TAGS = ("VIP客户", "老客户", "投诉敏感", "新客户")
COMPANY_TAGS = ("企业大客户", "经销商", "VIP客户", "老客户")
EXTRA_PHONE_LABELS = ("备用", "家人", "单位")
# fmt: on
