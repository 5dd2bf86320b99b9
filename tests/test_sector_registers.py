"""Registers of a chemicals store, a middle school, a county hospital, a building site
and a mall, each risk with one generic measure and no 事故类型, as an administrator
fills them: the types docgen recognises and the words and steps their plans print."""

from __future__ import annotations

from pathlib import Path

from conftest import minimal_sheets, plan_system_texts, write_workbook
from docx_helpers import document_text

from docgen.api import build

HEAD = ["编号", "风险类别", "风险名称", "风险描述", "可能性", "严重程度", "应对措施", "责任机构",
        "重点岗位"]


def _texts(tmp_path: Path, industry: str, rows: list[list]) -> dict[str, str]:
    """Each row (category, name, description, post) with one generic measure and no
    事故类型: docgen recognises the type."""
    return plan_system_texts(
        tmp_path, industry, [[f"R-{i:02d}", *row[:3], 3, 4, "发现险情立即报告", "技术组", row[3]]
                             for i, row in enumerate(rows, 1)], head=HEAD)


def _one(texts: dict[str, str], ending: str) -> str:
    return next(t for n, t in texts.items() if n.endswith(ending))


def test_an_intruder_at_a_school_and_a_vapour_poisoning_are_recognised(tmp_path):
    """校外人员闯入伤害师生 (the 教育 pack's own typical risk) and 游泳池消毒剂泄漏中毒 fell to
    其他, whose card says 停止作业; 甲苯蒸气中毒 in a drum store was taken for a liquid
    fire by its 甲苯."""
    school = _texts(tmp_path / "school", "初级中学", [
        ["社会安全事件", "校外人员闯入伤害师生", "不法人员持械闯入校园", "门卫保安"],
        ["事故灾难", "游泳池消毒剂泄漏中毒", "次氯酸钠泄漏，人员吸入", "泳池设备管理员"]])
    assert "治安事件专项应急预案" in " ".join(school)
    assert "中毒窒息事故专项应急预案" in " ".join(school)
    card = _one(school, "应急处置卡")
    assert "远离行为人拨打110" in card and "停止作业并警戒隔离" not in card
    store = _texts(tmp_path / "store", "危险化学品经营", [
        ["事故灾难", "甲苯蒸气中毒", "通风不良时库内甲苯蒸气积聚", "仓库保管员"]])
    assert "中毒窒息事故专项应急预案" in " ".join(store)
    assert "易燃液体火灾" not in _one(store, "应急处置卡")


def test_a_ward_nurse_gives_patients_cylinders_before_closing_the_oxygen(tmp_path):
    """A hospital's 中心供氧管道泄漏 card and first finder closed the valve with patients
    on the line: the pack's 先保供、后关阀 comes first."""
    texts = _texts(tmp_path, "县级综合医院", [
        ["事故灾难", "中心供氧管道泄漏中断", "病区供氧管道泄漏", "病区值班护士"],
        ["技术故障", "全院停电", "市电中断", "配电值班电工"]])
    card = _one(texts, "应急处置卡")
    assert card.index("关区域阀前先给用氧患者换氧气瓶") < card.index("安全时关闭上游阀门或瓶阀")
    onsite = _one(texts, "现场处置方案")
    assert "先为依赖供氧的患者换用氧气瓶等备用氧源" in onsite
    for name, text in texts.items():
        for word in ("相邻车间", "设备和工艺中断", "员工"):
            assert word not in text, (name, word)


def test_a_schools_weather_cards_name_no_cranes(tmp_path):
    """A school's plans printed 停止高处和起重吊装作业 and 严禁…露天起重吊装作业 (typhoon)
    and 远离大树、电杆和塔吊 (lightning): crane lines hold where a risk names cranes,
    lifting or a building site; the school gets the generic lines."""
    school = _texts(tmp_path / "school", "初级中学", [
        ["自然灾害", "台风", "大风刮倒校园围墙和树木", "值周教师"],
        ["自然灾害", "雷电", "雷雨天气操场上体育课的师生遭雷击", "体育教师"]])
    for name, text in school.items():
        for word in ("起重", "吊装", "塔吊", "吊篮"):
            assert word not in text, (name, word)
    card = _one(school, "应急处置卡")
    for step in ("停止户外活动和高处作业", "严禁大风期间进行高处作业。", "远离大树、电杆等高耸物体",
                 "严禁雷雨时在大树、电杆、广告牌等高耸物下避雨。"):
        assert step in card, step
    site = _texts(tmp_path / "site", "建筑施工", [
        ["自然灾害", "台风", "台风期间塔式起重机、脚手架和围挡倾覆", "安全员"],
        ["自然灾害", "雷电", "雷雨天气塔吊司机和作业人员遭雷击", "塔吊司机"]])
    card = _one(site, "应急处置卡")
    assert "停止起重吊装作业" in card and "停止塔吊作业，不在塔吊下避雨" in card
    onsite = _one(site, "现场处置方案")
    assert "严禁大风期间进行露天起重吊装作业。" in onsite and "吊篮在5级及以上大风" in onsite


def test_a_schools_stair_crush_card_does_not_stop_admission(tmp_path):
    """The 值周教师's stair-crush card said 立即截流暂停入场: stopping admission is a
    venue's step (立即暂停入场), held where a risk names a venue, a show or a mall (入场,
    演出, 商场 …); a school holds back the flow behind and lets the bottleneck out in turns."""
    school = _texts(tmp_path / "school", "初级中学", [
        ["事故灾难", "楼梯、通道拥挤踩踏", "课间、集会、放学时学生在楼梯集中通行", "值周教师"]])
    for name, text in school.items():
        assert "入场" not in text, name
    card = _one(school, "应急处置卡")
    assert "截住后续人流，瓶颈处分段疏导" in card and "严禁在人群拥堵时继续放行后续人流" in card
    venue = _texts(tmp_path / "venue", "购物中心", [
        ["事故灾难", "拥挤踩踏", "促销和演出时顾客在出入口和自动扶梯处拥挤", "安保人员"]])
    assert "立即暂停入场" in _one(venue, "应急处置卡")
    assert "场馆、商场和活动现场立即暂停入场" in _one(venue, "现场处置方案")


def test_an_operating_room_fire_card_stops_the_gas_and_takes_the_burning_drapes_off(tmp_path):
    """A hospital's 手术室火灾 was a building fire: the circulating nurse's card said
    湿毛巾捂口鼻低姿逃生 and nothing of the patient on the table. It is a type of its
    own now (手术室火灾): stop the gases, take the burning drapes off the patient and
    put them out, airway fire, care for the patient, the team decides on leaving the
    room; a ward fire in the same register keeps its own steps."""
    texts = _texts(tmp_path, "县级综合医院", [
        ["事故灾难", "手术室火灾", "电刀在富氧环境中引燃手术单", "手术室巡回护士"],
        ["事故灾难", "病房楼火灾", "病房电气线路故障起火", "病区值班护士"]])
    card = _one(texts, "应急处置卡")
    nurse = card[card.index("手术室巡回护士应急处置卡"):card.index("病区值班护士应急处置卡")]
    steps = ("停止向患者输送氧气等全部气体", "移除患者身上燃烧物，盐水浇灭或闷熄",
             "气道起火：断开呼吸回路，拔除导管", "火未速灭即报警关门，撤离由团队定")
    for step in steps:
        assert step in nurse, step
    assert "低姿逃生" not in nurse and "不得先去取灭火器" in nurse
    ward = card[card.index("病区值班护士应急处置卡"):]
    assert not any(step in ward for step in steps)
    onsite = _one(texts, "现场处置方案")
    duty = onsite[onsite.index("R-01 手术室火灾现场处置方案", onsite.index("编制说明") + 200):]
    assert "按术前分工立即停气、移除燃烧物或扑灭火焰" in duty[duty.index("第一发现人"):]
    assert "由手术团队决定将患者转移到相邻防火分区" in duty


GAS_USER = ("关闭设备阀门和燃气总阀", "吹扫检测合格方可点火", "报燃气企业")


def _store_build(tmp_path: Path, industry: str, name: str, description: str, post: str):
    s = minimal_sheets()
    s["基本信息"].append(["所属行业", industry])
    s["风险"] = [HEAD, ["R-01", "事故灾难", name, description, 3, 4, "发现险情立即报告", "技术组",
                        post]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()
    texts = {p.stem.split("_", 1)[1]: document_text(p) for p in result.written}
    return texts, result.units[0].report.to_text()


def test_a_cylinder_store_gets_a_stores_lpg_card_not_a_gas_users(tmp_path):
    """A trader's store of LPG cylinders (燃气爆炸 by its 液化石油气) printed a gas user's
    card (关闭设备阀门和燃气总阀, 报燃气企业, 吹扫检测合格方可点火) and was asked for a
    燃气紧急切断阀: the 经营、储存 variant's cylinder risk words the card, the duties and
    the 事故特征 for cylinders (close the cylinder valve, move a leaking one outdoors,
    a valve fire closed with a glove, cylinders in a fire cooled from cover) and does
    without the shut-off valve; a kitchen's gas keeps the gas user's card and valve."""
    texts, report = _store_build(tmp_path / "store", "危险化学品经营", "液化石油气钢瓶泄漏",
                                 "库内液化石油气钢瓶角阀漏气", "仓库保管员")
    card = _one(texts, "应急处置卡")
    for step in ("安全时关闭漏气钢瓶的瓶阀", "关不住的，安全时移到室外空旷处",
                 "阀口着火：戴手套关阀断火", "受火烤钢瓶：搬离或从掩蔽处喷水冷却"):
        assert step in card, step
    onsite = _one(texts, "现场处置方案")
    for name, text in texts.items():
        for word in (*GAS_USER, "燃气总阀", "紧急切断阀", "炉膛", "用气设备"):
            assert word not in text, (name, word)
    assert "不得扑灭瓶阀无法关闭的钢瓶火焰" in onsite
    assert "燃气紧急切断阀" not in report and "燃气泄漏报警器" in report
    texts, report = _store_build(tmp_path / "kitchen", "餐饮", "后厨天然气泄漏",
                                 "灶具连接软管老化漏气", "厨师")
    card = _one(texts, "应急处置卡")
    assert all(step in card for step in GAS_USER[:2]) and "钢瓶" not in card
    assert "燃气紧急切断阀" in report


def test_a_schools_mass_incident_and_a_lye_store_speak_of_their_own_things(tmp_path):
    """A school's 群体性事件 plan spoke of people climbing a 塔吊 (the sources are
    building-site wage protests: now 高处设施); a caustic-soda store's card said
    用沙土石灰围堵吸收酸液 (now 泄漏物: sand takes either)."""
    school = _texts(tmp_path / "school", "初级中学", [
        ["社会安全事件", "家长聚集校门口拉横幅", "家长因纠纷聚集围堵校门", "门卫"]])
    assert any("攀爬高处设施" in t for t in school.values())
    for name, text in school.items():
        assert "塔吊" not in text, name
    store = _texts(tmp_path / "store", "危险化学品经营", [
        ["事故灾难", "液碱泄漏", "氢氧化钠溶液桶破损泄漏", "仓管员"]])
    card = _one(store, "应急处置卡")
    assert "用沙土围堵吸收泄漏物" in card and "酸液" not in card


def test_a_county_hospitals_inpatient_building_fire_is_a_crowded_place_fire(tmp_path):
    """住院楼火灾 and 病区火灾, as a county hospital writes them, fell to the plain 火灾
    (by its 火灾): the card spoke of a workshop's fire, not of wards to evacuate by the
    应急广播, while 病房楼火灾 and 住院部火灾 were already crowded-place fires."""
    hospital = _texts(tmp_path, "县级综合医院", [
        ["事故灾难", "住院楼火灾", "病区电气线路或吸烟引发火灾", "病区护士长"],
        ["事故灾难", "病区火灾", "", "病区值班护士"]])
    assert "人员密集场所火灾事故专项应急预案" in " ".join(hospital)
    assert "启动应急广播通知疏散" in _one(hospital, "应急处置卡")
