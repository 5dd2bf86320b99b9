"""Generated inputs for the benchmarks.

- ``large_workbook(folder)`` writes one realistic, valid workbook of the "large" size:
  10,000 risks, 3,000 resources, 3,000 contacts and 200 organisation units (plus
  基本信息 and a few rows of the optional sheets). Deterministic: the same content
  every time (fixed seed).
- ``sample_batch(folder, n)`` makes a batch folder of n sub-folders, each a copy
  of the shipped example (the workbook and its 图纸 folder).

CLI: ``python benchmarks/generate.py OUTDIR`` writes the large workbook into OUTDIR.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs"
SAMPLE_BOOK = "示例_江城云联数据服务有限公司.xlsx"

# Bump when the generated content changes: names the cached copy (benchmarks/.cache/).
VERSION = 1
N_RISKS, N_RESOURCES, N_CONTACTS, N_UNITS = 10_000, 3_000, 3_000, 200
N_EXTERNAL = 120  # of the contacts
SEED = 20260318
UNIT = "江城智联综合服务集团有限公司"
AREA = "0739"
PUBLISH = dt.date(2026, 3, 18)

CATEGORIES = ["自然灾害", "技术故障", "人为事故", "政策法规变动", "公共卫生事件", "社会安全事件",
              "其他"]
CATEGORY_WEIGHTS = [14, 30, 22, 6, 8, 12, 8]
RES_TYPES = ["人力资源", "物资装备", "技术支持", "资金保障", "信息资源", "外部协作"]
RES_WEIGHTS = [10, 50, 14, 4, 10, 12]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
                "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段"
                "雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ["建国", "晓峰", "思远", "海燕", "立新", "婷", "嘉怡", "浩", "俊杰", "宇", "凯", "帆",
         "静", "志强", "明", "颖", "伟", "亮", "振宇", "丽华", "文博", "子涵", "雨欣", "国栋",
         "春梅", "家豪", "秀英", "玉兰", "海峰", "丹", "永刚", "慧敏", "新民", "桂芳", "小龙",
         "晨曦", "天佑", "若彤", "一鸣", "佳琪", "文静", "志远", "红梅", "光明", "建华", "淑珍",
         "德胜", "美玲", "宏伟", "雪", "鹏飞", "欣怡", "少华", "琳", "卫东", "晓燕", "敏", "杰"]
DEPARTMENTS = ["总经理办公室", "综合管理部", "安全管理部", "技术中心", "运维中心", "信息安全部",
               "基础设施部", "财务部", "人力资源部", "客户服务部", "市场部", "法务合规部",
               "后勤保障部", "物业管理部", "采购部", "质量管理部"]
TITLES = ["经理", "副经理", "主管", "工程师", "高级工程师", "专员", "值班长", "班组长", "技术员",
          "安全员", "调度员", "主任"]
SITES = ["1号楼", "2号楼", "3号楼", "数据中心楼", "综合办公楼", "仓储中心", "临港机房",
         "东区园区", "西区园区", "客服中心", "地下车库", "配电站", "冷站", "柴发机房"]
GROUPS = ["应急办公室", "技术保障组", "现场处置组", "后勤保障组", "安全保卫组", "医疗救护组",
          "通信联络组", "信息发布组", "客户服务组", "财务保障组", "善后处理组", "专家咨询组"]
RISK_NAMES = {
    "自然灾害": ["暴雨内涝", "台风", "地震", "雷击", "高温", "低温雨雪冰冻", "大雾", "山体滑坡"],
    "技术故障": ["市电中断", "UPS故障", "精密空调故障", "核心交换机故障", "存储阵列故障",
                 "光缆中断", "数据库宕机", "云平台故障", "DNS解析故障", "备份失败"],
    "人为事故": ["火灾", "误操作", "触电", "高处坠落", "电梯困人", "车辆伤害", "柴油泄漏",
                 "气体灭火误喷放"],
    "政策法规变动": ["数据安全监管要求调整", "等级保护标准更新", "行业准入政策变化",
                     "个人信息保护合规检查"],
    "公共卫生事件": ["传染病疫情", "群体性食物中毒", "职业中暑", "急性传染病聚集"],
    "社会安全事件": ["网络攻击", "数据泄露", "勒索病毒", "群体性事件", "非法入侵", "恐怖袭击威胁"],
    "其他": ["重要供应商中断", "舆情事件", "客户投诉升级", "关键人员流失"],
}
MEASURES = [
    "发现异常后立即报告值班长和应急办公室，启动应急处置卡",
    "划定警戒区域，疏散无关人员，严禁无关人员进入现场",
    "切断受影响设备电源，转移负载至备用系统",
    "技术保障组评估业务影响，必要时切换至异地灾备中心",
    "通知受影响客户的服务经理，30分钟内发布服务公告",
    "调用应急物资，现场处置组按操作规程开展抢修",
    "超出本单位处置能力时，立即拨打119/120/110并请求外部支援",
    "处置结束后检查设备状态，确认安全后恢复运行并记录",
    "保护现场，配合有关部门开展调查，留存日志和影像资料",
    "加强巡查频次，每小时报告一次现场情况",
]
RESOURCE_NAMES = {
    "人力资源": ("应急抢修队", "人", ["4班3运转", "持证上岗", "7×24值守"]),
    "物资装备": ("应急物资", "台", ["YB-200", "QS-50", "8kg ABC干粉", "20L", "5m³/h"]),
    "技术支持": ("技术支援服务", "项", ["7×24远程", "4小时到场", "原厂维保"]),
    "资金保障": ("应急专项资金", "万元", ["年度预算", "专户管理"]),
    "信息资源": ("监测预警平台", "套", ["V3.2", "云端部署", "本地部署"]),
    "外部协作": ("协议支援", "项", ["2小时到场", "4小时送达", "年度协议"]),
}
EQUIPMENT = ["移动式排水泵", "防汛沙袋", "挡水板", "灭火器", "正压式空气呼吸器", "应急照明灯",
             "对讲机", "急救箱", "绝缘手套", "柴油", "备用服务器", "备用光模块", "警戒带",
             "应急发电车", "防毒面具", "担架", "AED除颤仪", "手持扩音器"]
EXTERNAL_BODIES = [
    ("江城市消防救援支队", "指挥中心", "119"), ("江城市公安局110指挥中心", "指挥中心", "110"),
    ("江城市急救中心", "调度科", "120"), ("江城市交警支队", "指挥中心", "122"),
    ("江城市政务服务便民热线", "受理中心", "12345"), ("国网江城供电公司", "抢修中心", "95598"),
    ("江城市应急管理局", "值班室", f"{AREA}-82201110"),
    ("江城市自来水有限公司", "客服抢修中心", f"{AREA}-82296110"),
    ("江城市燃气有限公司", "抢修中心", f"{AREA}-82288119"),
    ("江城市疾病预防控制中心", "应急办", f"{AREA}-82227120"),
    ("江城市气象台", "值班室", f"{AREA}-82212121"),
    ("江城市生态环境局", "值班室", f"{AREA}-82231369"),
]


def _phone_mobile(rng: random.Random) -> str:
    return rng.choice(["139", "138", "186", "137", "150", "188"]) + f"{rng.randrange(10**8):08d}"


def _phone_land(rng: random.Random) -> str:
    return f"{AREA}-8{rng.randrange(10**7):07d}"


def _people(rng: random.Random, n: int) -> list[str]:
    names = [s + g for s in SURNAMES for g in GIVEN]
    if len(names) < n:
        raise ValueError(f"only {len(names)} distinct names for {n} people")
    rng.shuffle(names)
    return names[:n]


def _contacts(rng: random.Random, people: list[str]) -> list[list]:
    rows = [["姓名*", "单位", "部门", "职务", "应急职务", "办公电话", "手机", "电子邮箱", "类别"]]
    for i, name in enumerate(people):
        office = _phone_land(rng) if rng.random() < 0.6 else None
        mobile = _phone_mobile(rng) if office is None or rng.random() < 0.8 else None
        rows.append([name, UNIT, DEPARTMENTS[i % len(DEPARTMENTS)], rng.choice(TITLES),
                     "应急队员" if rng.random() < 0.3 else None, office, mobile,
                     f"user{i:04d}@jczl.example.com", "内部"])
    for i in range(N_EXTERNAL):
        body, dept, phone = EXTERNAL_BODIES[i % len(EXTERNAL_BODIES)]
        if i >= len(EXTERNAL_BODIES):  # suppliers and neighbours
            body = f"江城{rng.choice(['瑞科', '安泰', '卫安', '安信', '恒通', '华远'])}" \
                   f"{rng.choice(['机电', '消防', '保安', '网络安全', '物流'])}服务有限公司{i:03d}"
            dept, phone = rng.choice(["项目部", "维保部", "调度室"]), _phone_land(rng)
        rows.append([body, body, dept, None, None, phone,
                     _phone_mobile(rng) if i >= len(EXTERNAL_BODIES) and rng.random() < 0.5
                     else None, None, "外部"])
    return rows


def _units(rng: random.Random, people: list[str]) -> list[list]:
    """Root + 12 groups + sub-units (现场处置组 gets many), a few at depth 3."""
    rows = [["机构名称*", "上级机构", "负责人*", "成员", "职责*"]]
    pool = iter(people)

    def unit(name: str, parent: str | None, duty: str) -> None:
        members = "、".join(next(pool) for _ in range(rng.randint(3, 6)))
        duties = "\n".join([duty, *rng.sample(MEASURES, rng.randint(2, 4))])
        rows.append([name, parent, next(pool), members, duties])

    unit("应急领导小组", None, "统一领导、指挥和协调本单位突发事件应急处置工作；")
    for g in GROUPS:
        unit(g, "应急领导小组", f"负责{g[:-1]}方面的应急工作；")
    remaining = N_UNITS - 1 - len(GROUPS)
    share = {"现场处置组": 80, "技术保障组": 40}
    subs: list[str] = []
    for g in GROUPS:
        count = share.get(g, (remaining - 120 - 10) // (len(GROUPS) - 2))
        for k in range(count):
            name = f"{g[:-1]}{SITES[k % len(SITES)]}第{k + 1}分队"
            unit(name, g, f"负责{SITES[k % len(SITES)]}的先期处置；")
            subs.append(name)
    while len(rows) - 1 < N_UNITS:  # depth 3: teams under sub-units
        k = len(rows)
        parent = subs[k % len(subs)]
        unit(f"{parent}{k}班组", parent, "负责本班组岗位的应急处置；")
    return rows


def _resources(rng: random.Random, keepers: list[str]) -> list[list]:
    rows = [["编号*", "资源类型*", "名称*", "规格型号", "数量*", "计量单位", "存放地点*",
             "管理人*", "联系电话", "有效期至", "备注"]]
    for i in range(N_RESOURCES):
        kind = rng.choices(RES_TYPES, RES_WEIGHTS)[0]
        base, unit, specs = RESOURCE_NAMES[kind]
        name = rng.choice(EQUIPMENT) if kind == "物资装备" else base
        quantity = round(rng.uniform(0.5, 50), 1) if kind == "资金保障" else rng.randint(1, 200)
        expires = (PUBLISH + dt.timedelta(days=rng.randint(60, 1500))
                   if kind == "物资装备" and rng.random() < 0.4 else None)
        rows.append([f"ZY-{i + 1:04d}", kind, f"{name}{i + 1}", rng.choice(specs), quantity, unit,
                     f"{rng.choice(SITES)}{rng.randint(1, 6)}F仓库", rng.choice(keepers),
                     _phone_land(rng) if rng.random() < 0.3 else None, expires,
                     "每月检查" if rng.random() < 0.2 else None])
    return rows


def _risks(rng: random.Random, units: list[str]) -> list[list]:
    rows = [["编号*", "风险类别*", "风险名称*", "风险描述", "可能性*", "严重程度*", "影响范围",
             "预警信号", "应对措施*", "责任机构*", "重点岗位", "应急资源"]]
    for i in range(N_RISKS):
        category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
        base = rng.choice(RISK_NAMES[category])
        site = rng.choice(SITES)
        codes = None
        if rng.random() < 0.35:
            picks = rng.sample(range(1, N_RESOURCES + 1), rng.randint(1, 4))
            codes = "、".join(f"ZY-{k:04d}" for k in picks)
        rows.append([
            f"FX-{i + 1:05d}", category, f"{site}{base}",
            f"{site}可能发生{base}，导致设备损坏、服务中断或人员伤害，影响客户业务连续性。",
            rng.randint(1, 5), rng.randint(1, 5), f"{site}及相关业务系统",
            f"监控系统告警；巡查发现{base}征兆" if rng.random() < 0.7 else None,
            "\n".join(rng.sample(MEASURES, rng.randint(3, 5))),
            rng.choice(units), rng.choice(["值班长", "运维值班员", "保安巡逻岗", "电工", None]),
            codes,
        ])
    return rows


def _basic(head: str, contact: str) -> list[list]:
    return [
        ["项目*", "内容*"],
        ["单位名称", UNIT],
        ["预案编号", "JCZL-YJYA-2026-01"],
        ["版本号", "V2.0"],
        ["主要负责人", head],
        ["24小时值班电话", f"{AREA}-86610000"],
        ["发布日期", PUBLISH],
        ["实施日期", dt.date(2026, 4, 1)],
        ["联系人", contact],
        ["联系电话", f"{AREA}-86610020"],
        ["上次评估日期", dt.date(2025, 11, 26)],
        ["编制部门", "安全管理部"],
        ["单位地址", "江城市高新区云谷路188号"],
        ["所属行业", "信息传输、软件和信息技术服务业"],
        ["从业人数", 3200],
        ["上级单位", "江城智联控股集团有限公司"],
        ["备案部门", "江城市高新区应急管理局"],
        ["单位概况", f"{UNIT}主要从事数据中心托管、云平台运维和综合物业服务。\n"
                     "园区建有数据中心楼、综合办公楼和仓储中心各一栋。"],
    ]


def _optional(rng: random.Random, people: list[str], risks: list[list]) -> dict[str, list[list]]:
    codes = [r[0] for r in risks[1:]]
    return {
        "演练计划": [["演练名称*", "演练形式*", "预案类型", "针对风险", "计划时间*", "组织部门",
                      "参演范围", "演练目标"]] + [
            [f"第{k + 1}次应急演练", rng.choice(["桌面推演", "实战演练", "综合演练"]), "专项",
             "、".join(rng.sample(codes, 2)), f"2026年{k % 12 + 1}月", "安全管理部", "相关工作组",
             "检验响应流程"] for k in range(12)],
        "培训计划": [["培训内容*", "培训对象*", "培训形式", "计划时间*", "学时", "考核方式"]] + [
            [f"应急培训专题{k + 1}", "全体员工", "集中授课", dt.date(2026, k % 12 + 1, 10), 2,
             "线上考试"] for k in range(12)],
        "修订记录": [["版本号*", "修订日期*", "修订内容*", "修订人"],
                     ["V1.0", dt.date(2025, 3, 1), "首次发布", people[0]],
                     ["V2.0", dt.date(2026, 3, 10), "全面修订风险清单和组织机构", people[1]]],
        "编制工作组": [["姓名*", "单位部门", "职务", "分工"]] + [
            [people[k], DEPARTMENTS[k], rng.choice(TITLES), "风险评估和统稿"] for k in range(8)],
    }


def large_workbook(folder: Path) -> Path:
    """Write the large benchmark workbook into `folder` and return its path."""
    rng = random.Random(SEED)
    people = _people(rng, N_CONTACTS - N_EXTERNAL)
    contacts = _contacts(rng, people)
    units = _units(rng, people)
    unit_names = [u[0] for u in units[1:]]
    risks = _risks(rng, unit_names)
    sheets = {
        "基本信息": _basic(units[1][2], people[-1]),
        "风险": risks,
        "组织机构": units,
        "资源": _resources(rng, people),
        "通讯录": contacts,
        **_optional(rng, people, risks),
    }
    wb = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"大型单位_{N_RISKS}风险.xlsx"
    wb.save(path)
    return path


def sample_batch(folder: Path, n: int) -> Path:
    """A batch folder of n sub-folders, each a copy of the shipped example."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(1, n + 1):
        unit = folder / f"单位{k:02d}"
        unit.mkdir(exist_ok=True)
        shutil.copy2(SAMPLE / SAMPLE_BOOK, unit / SAMPLE_BOOK)
        if (SAMPLE / "图纸").is_dir():
            shutil.copytree(SAMPLE / "图纸", unit / "图纸", dirs_exist_ok=True)
    return folder


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/generate.py OUTDIR")
    print(large_workbook(Path(sys.argv[1])))
