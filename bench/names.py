"""Plausible Chinese names, companies, streets and products for the generator.

Surnames carry rough weights (王, 李, 张 ... are common, 欧阳 rare), so names repeat as they do in
real customer bases: the search benchmark meets both rare and very common names.
"""

import random

import rjieba

SURNAMES = {
    "王": 72,
    "李": 70,
    "张": 68,
    "刘": 55,
    "陈": 46,
    "杨": 32,
    "黄": 25,
    "赵": 22,
    "吴": 21,
    "周": 21,
    "徐": 15,
    "孙": 15,
    "马": 13,
    "朱": 13,
    "胡": 12,
    "郭": 12,
    "何": 11,
    "高": 10,
    "林": 10,
    "罗": 9,
    "郑": 9,
    "梁": 9,
    "谢": 7,
    "宋": 7,
    "唐": 7,
    "许": 6,
    "韩": 6,
    "冯": 6,
    "邓": 6,
    "曹": 6,
    "彭": 5,
    "曾": 5,
    "肖": 5,
    "田": 5,
    "董": 5,
    "袁": 4,
    "潘": 4,
    "于": 4,
    "蒋": 4,
    "蔡": 4,
    "余": 4,
    "杜": 4,
    "叶": 4,
    "程": 4,
    "苏": 3,
    "魏": 3,
    "吕": 3,
    "丁": 3,
    "任": 3,
    "沈": 3,
    "姚": 3,
    "卢": 3,
    "姜": 3,
    "崔": 3,
    "钟": 3,
    "谭": 3,
    "陆": 2,
    "汪": 2,
    "范": 2,
    "金": 2,
    "石": 2,
    "廖": 2,
    "贾": 2,
    "夏": 2,
    "韦": 2,
    "付": 2,
    "方": 2,
    "白": 2,
    "邹": 2,
    "孟": 2,
    "熊": 2,
    "秦": 2,
    "邱": 2,
    "江": 2,
    "尹": 2,
    "薛": 2,
    "闫": 2,
    "段": 2,
    "雷": 1,
    "侯": 1,
    "龙": 1,
    "史": 1,
    "陶": 1,
    "黎": 1,
    "贺": 1,
    "顾": 1,
    "毛": 1,
    "郝": 1,
    "龚": 1,
    "邵": 1,
    "万": 1,
    "钱": 1,
    "严": 1,
    "覃": 1,
    "武": 1,
    "戴": 1,
    "莫": 1,
    "孔": 1,
    "欧阳": 1,
    "司马": 1,
    "诸葛": 1,
    "上官": 1,
}
# Common given names (most people carry one of these), and characters for rarer two-character ones.
MALE_NAMES = (
    "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 凯 健 俊 帆 旭 宁 龙 林 "
    "阳 亮 成 建国 建华 建军 建平 志强 志明 志刚 海涛 海峰 国强 国庆 国华 文博 宇航 浩然 "
    "子轩 俊杰 晓东 晓明 永强 永刚 春生 德华 立新 振华 玉林 红军 卫东 金龙 天宇 嘉豪 "
    "家乐 明轩 博文 思远 鹏飞 世杰 庆华"
).split()
FEMALE_NAMES = (
    "芳 娜 敏 静 丽 艳 娟 霞 秀英 慧 玲 婷 雪 琳 颖 倩 洁 琪 晶 燕 红 梅 莉 萍 秀兰 "
    "桂英 玉兰 丽娟 丽华 海燕 晓燕 春梅 雪梅 美玲 淑珍 婷婷 欣怡 梓涵 诗涵 雨桐 "
    "子涵 佳怡 思雨 晓红 丽萍 秀珍 文静 艳红 玉梅 凤英 建英 金凤 小红 小燕 丹丹 "
    "静怡 雅琪 梦瑶"
).split()
MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国志文博海峰东亮成"
FEMALE = "芳娜敏静丽艳娟霞秀英慧玲婷雪琳颖倩洁佳琪晶燕红梅莉萍璐月瑶怡欣悦雯丹蓉菲薇媛"
CITIES = (
    "北京 上海 广州 深圳 杭州 成都 武汉 南京 西安 重庆 天津 苏州 郑州 长沙 青岛 沈阳 合肥 "
    "济南 福州 昆明 厦门 宁波 无锡 佛山 东莞 大连 哈尔滨 长春 石家庄 南昌"
).split()
BRAND_CHARS = "华恒瑞鑫中宏金天永新盛嘉佳博东海德泰信安昌兴隆裕丰达通远源利"
INDUSTRIES = {
    "电子科技": "电子产品研发与销售",
    "家电": "家用电器销售与维修",
    "商贸": "日用百货批发零售",
    "机电设备": "机电设备安装与维护",
    "制冷设备": "中央空调工程与制冷设备",
    "物业管理": "住宅与写字楼物业服务",
    "餐饮管理": "连锁餐饮",
    "酒店管理": "酒店经营",
    "建筑工程": "房屋建筑施工",
    "信息技术": "软件开发与系统集成",
    "医疗器械": "医疗器械经营",
    "食品": "食品加工与销售",
    "物流": "仓储与城市配送",
    "电器销售": "家电零售",
    "装饰工程": "室内装修",
    "汽车服务": "汽车维修与保养",
    "文化传媒": "广告设计与制作",
}
SUFFIXES = ("有限公司", "有限公司", "股份有限公司", "有限责任公司")
OCCUPATIONS = (
    "教师 工程师 医生 会计 公务员 销售 司机 个体经营 退休 学生 程序员 护士 律师 厨师 "
    "设计师 工人 农民"
).split()
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com")
HOBBIES = ("", "", "", "旅游", "钓鱼", "摄影", "阅读", "跑步", "广场舞", "书法", "烹饪")
ROADS = (
    "人民路 解放路 中山路 建设路 和平路 新华路 长江路 黄河路 文化路 胜利路 朝阳路 青年路 "
    "东风路 光明路 幸福路 花园路 团结路 工业路 学院路 滨江路"
).split()
ESTATES = "阳光花园 碧水湾 金色家园 翠湖苑 锦绣华城 御景园 华府小区 幸福里 书香门第 紫荆苑".split()
GRADES = ("", "", "", "A", "B", "B", "C", "C", "C", "VIP")
# Product types (code, name) and models (type code, model code, name, warranty months).
PRODUCT_TYPES = (
    ("KT", "空调"),
    ("XYJ", "洗衣机"),
    ("BX", "冰箱"),
    ("RSQ", "热水器"),
    ("DS", "电视"),
    ("YYJ", "油烟机"),
)
PRODUCT_MODELS = (
    ("KT", "KFR-26GW/B1", "挂式空调 大1匹", 72),
    ("KT", "KFR-35GW/A2", "挂式空调 1.5匹", 72),
    ("KT", "KFR-51LW/C3", "柜式空调 2匹", 72),
    ("KT", "KFR-72LW/D1", "柜式空调 3匹", 72),
    ("XYJ", "XQG100-B12", "滚筒洗衣机 10公斤", 36),
    ("XYJ", "XQB80-M21", "波轮洗衣机 8公斤", 36),
    ("BX", "BCD-520W", "对开门冰箱 520升", 36),
    ("BX", "BCD-218T", "三门冰箱 218升", 36),
    ("RSQ", "JSQ30-16A", "燃气热水器 16升", 36),
    ("RSQ", "EC6002-D", "电热水器 60升", 48),
    ("DS", "65E3F", "65英寸液晶电视", 12),
    ("DS", "55A7", "55英寸液晶电视", 12),
    ("YYJ", "CXW-260-E900", "侧吸式油烟机", 60),
    ("YYJ", "CXW-220-T3", "顶吸式油烟机", 60),
)


def _brands() -> list[str]:
    """Two-character brand words that the segmenter keeps whole, so a query finds them."""
    pairs = (a + b for a in BRAND_CHARS for b in BRAND_CHARS if a != b)
    return [word for word in pairs if list(rjieba.cut(word)) == [word]]


BRANDS = _brands()
_SURNAME_LIST = list(SURNAMES)
_SURNAME_WEIGHTS = [float(w) for w in SURNAMES.values()]


def person_name(rng: random.Random, gender: str) -> str:
    surname = rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]
    if rng.random() < 0.75:
        return surname + rng.choice(MALE_NAMES if gender == "m" else FEMALE_NAMES)
    chars = MALE if gender == "m" else FEMALE
    return surname + rng.choice(chars) + rng.choice(chars)


def company_name(rng: random.Random) -> tuple[str, str]:
    """(name, main business) of a company."""
    industry = rng.choice(list(INDUSTRIES))
    name = rng.choice(CITIES) + rng.choice(BRANDS) + industry + rng.choice(SUFFIXES)
    return name, INDUSTRIES[industry]


def street_address(rng: random.Random) -> str:
    road = f"{rng.choice(ROADS)}{rng.randint(1, 999)}号"
    if rng.random() < 0.6:
        return (
            f"{road}{rng.choice(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元"
            f"{rng.randint(1, 33)}{rng.randint(1, 4):02d}室"
        )
    return road
