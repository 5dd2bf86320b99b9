"""The two drawings of the shipped example's 图纸 sheet, drawn with Pillow.

``make_example_inputs.py`` calls :func:`draw_drawings`; the unit's name and its duty phone
come from its data file. Both pictures are reproducible: the same Pillow and font give the
same bytes.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
]


def _cjk_font_source(ImageFont):  # PIL module passed in: PIL stays a drawing-only import
    """(path, index) of a font that draws Simplified Chinese, or None."""
    for path in FONT_CANDIDATES:
        if not Path(path).exists():
            continue
        if not path.lower().endswith(".ttc"):
            return path, 0
        best = None
        for index in range(12):
            try:
                name = " ".join(ImageFont.truetype(path, 12, index=index).getname())
            except OSError:
                break
            if best is None:
                best = index
            if " SC" in name and "Mono" not in name:  # Noto: index 2 is "Noto Sans CJK SC"
                return path, index
        if best is not None:
            return path, best
    return None


def draw_drawings(folder: Path, unit: str, duty_phone: str) -> list[Path]:
    """Write 疏散路线图.png and 厂区平面图.png into folder; [] without Pillow."""
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        print("提示：未安装 Pillow，跳过图纸生成（pip install pillow）。", file=sys.stderr)
        return []

    source = _cjk_font_source(ImageFont)
    if source is None:
        print("提示：未找到中文字体，图纸中的中文可能无法显示（apt-get install fonts-noto-cjk）。", file=sys.stderr)

    cache: dict[int, object] = {}

    def font(size: int):
        if size not in cache:
            if source:
                cache[size] = ImageFont.truetype(source[0], size, index=source[1])
            else:
                try:
                    cache[size] = ImageFont.load_default(size)
                except TypeError:  # Pillow < 10.1
                    cache[size] = ImageFont.load_default()
        return cache[size]

    GREEN, RED, GREY, DARK = (0, 150, 70), (210, 30, 30), (235, 235, 235), (40, 40, 40)
    BLUE, YELLOW = (40, 90, 170), (250, 215, 60)

    def arrow(dr, pts, color=GREEN, width=9, head=26):
        dr.line(pts, fill=color, width=width, joint="curve")
        (x0, y0), (x1, y1) = pts[-2], pts[-1]
        a = math.atan2(y1 - y0, x1 - x0)
        left = (x1 - head * math.cos(a - 0.45), y1 - head * math.sin(a - 0.45))
        right = (x1 - head * math.cos(a + 0.45), y1 - head * math.sin(a + 0.45))
        tip = (x1 + 6 * math.cos(a), y1 + 6 * math.sin(a))
        dr.polygon([tip, left, right], fill=color)

    def room(dr, box, label, fill=(248, 248, 248), size=24, sub=None):
        dr.rectangle(box, fill=fill, outline=DARK, width=4)
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if sub:
            dr.text((cx, cy - 14), label, font=font(size), fill=DARK, anchor="mm")
            dr.text((cx, cy + 18), sub, font=font(size - 6), fill=(90, 90, 90), anchor="mm")
        else:
            dr.text((cx, cy), label, font=font(size), fill=DARK, anchor="mm")

    def exit_sign(dr, xy, text):
        x, y = xy
        dr.rectangle((x - 70, y - 20, x + 70, y + 20), fill=GREEN)
        dr.text((x, y), text, font=font(22), fill="white", anchor="mm")

    def extinguisher(dr, xy):
        x, y = xy
        dr.ellipse((x - 11, y - 11, x + 11, y + 11), fill=RED)
        dr.text((x, y), "灭", font=font(14), fill="white", anchor="mm")

    def alarm(dr, xy):
        x, y = xy
        dr.rectangle((x - 10, y - 10, x + 10, y + 10), fill=RED)
        dr.text((x, y), "报", font=font(14), fill="white", anchor="mm")

    def star(dr, xy, r=18, color=RED):
        x, y = xy
        pts = []
        for k in range(10):
            rr = r if k % 2 == 0 else r * 0.45
            a = -math.pi / 2 + k * math.pi / 5
            pts.append((x + rr * math.cos(a), y + rr * math.sin(a)))
        dr.polygon(pts, fill=color)

    def compass(dr, xy):
        x, y = xy
        dr.polygon([(x, y - 40), (x - 15, y + 10), (x, y), (x + 15, y + 10)], fill=DARK)
        dr.text((x, y - 58), "北", font=font(24), fill=DARK, anchor="mm")

    def legend_box(dr, x, y, w, h):
        dr.rectangle((x, y, x + w, y + h), outline=DARK, width=3, fill="white")
        dr.text((x + w / 2, y + 30), "图  例", font=font(28), fill=DARK, anchor="mm")

    folder.mkdir(parents=True, exist_ok=True)
    written = []

    # ---- 疏散路线图 ---------------------------------------------------------
    W, H = 1600, 1100
    im = Image.new("RGB", (W, H), "white")
    dr = ImageDraw.Draw(im)
    dr.text((W / 2, 50), "江城云联数据中心楼一层应急疏散路线图", font=font(40), fill=DARK, anchor="mm")
    dr.text((W / 2, 92), f"{unit}　　比例示意，非施工图", font=font(20), fill=(110, 110, 110), anchor="mm")

    bx0, by0, bx1, by1 = 100, 140, 1220, 830
    dr.rectangle((bx0, by0, bx1, by1), outline=DARK, width=8)
    corridor = (bx0, 450, bx1, 520)
    dr.rectangle(corridor, fill=(252, 252, 236))
    dr.text((420, 508), "疏散走道", font=font(18), fill=(150, 150, 120), anchor="mm")
    room(dr, (bx0, by0, 430, 450), "主机房A", fill=(230, 240, 250), sub="（气体灭火防护区）")
    room(dr, (430, by0, 760, 450), "主机房B", fill=(230, 240, 250), sub="（气体灭火防护区）")
    room(dr, (760, by0, 920, 450), "高低压配电室", size=22)
    room(dr, (920, by0, 1070, 450), "UPS室", size=22)
    room(dr, (1070, by0, bx1, 450), "电池室", size=22)
    room(dr, (bx0, 520, 220, 680), "楼梯间1", fill=GREY, size=22)
    room(dr, (bx0, 680, 220, by1), "卫生间", fill=GREY, size=20)
    room(dr, (220, 520, 480, by1), "监控中心", sub="（NOC 值班室）")
    room(dr, (480, 520, 640, by1), "消防控制室", size=22)
    room(dr, (640, 520, 770, by1), "电梯厅", fill=GREY, size=22, sub="（火灾时禁用）")
    room(dr, (770, 520, 1090, by1), "运维办公区")
    room(dr, (1090, 520, bx1, 680), "楼梯间2", fill=GREY, size=22)
    room(dr, (1090, 680, bx1, by1), "备件库", size=22)
    # door openings (exits) in the outer wall at both corridor ends
    dr.rectangle((bx0 - 6, 458, bx0 + 6, 512), fill="white")
    dr.rectangle((bx1 - 6, 458, bx1 + 6, 512), fill="white")
    exit_sign(dr, (bx0 + 10, 425), "安全出口1")
    exit_sign(dr, (bx1 - 10, 425), "安全出口2")
    # corridor arrows: west half to exit 1, east half to exit 2
    arrow(dr, [(640, 485), (bx0 + 40, 485)])
    arrow(dr, [(700, 485), (bx1 - 40, 485)])
    # from rooms into the corridor
    for x in (265, 595, 840, 995, 1145):
        arrow(dr, [(x, 400), (x, 470)], width=6, head=18)
    for x in (350, 560, 930):
        arrow(dr, [(x, 580), (x, 505)], width=6, head=18)
    # outside: to the assembly point south of the building
    arrow(dr, [(bx0 - 10, 485), (60, 485), (60, 980), (520, 980)])
    arrow(dr, [(bx1 + 10, 485), (1260, 485), (1260, 980), (900, 980)])
    dr.ellipse((560, 900, 860, 1060), outline=GREEN, width=6, fill=(225, 245, 230))
    dr.text((710, 960), "集合点", font=font(34), fill=GREEN, anchor="mm")
    dr.text((710, 1005), "（园区中心广场）", font=font(20), fill=GREEN, anchor="mm")
    for xy in ((300, 462), (700, 508), (1050, 462), (160, 508), (1160, 508)):
        extinguisher(dr, xy)
    for xy in ((150, 462), (1180, 462), (760, 462)):
        alarm(dr, xy)
    star(dr, (265, 790))
    dr.text((290, 790), "您所在位置", font=font(18), fill=RED, anchor="lm")
    compass(dr, (1250, 95))

    lx, ly = 1280, 140
    legend_box(dr, lx, ly, 300, 560)
    items = [
        ("arrow", "疏散方向"), ("exit", "安全出口"), ("ext", "灭火器"), ("alarm", "手动报警按钮"),
        ("star", "您所在位置"), ("assembly", "集合点"), ("gas", "气体灭火防护区"),
    ]
    for k, (kind, text) in enumerate(items):
        y = ly + 90 + k * 64
        if kind == "arrow":
            arrow(dr, [(lx + 20, y), (lx + 90, y)], width=7, head=20)
        elif kind == "exit":
            dr.rectangle((lx + 20, y - 15, lx + 95, y + 15), fill=GREEN)
            dr.text((lx + 57, y), "EXIT", font=font(16), fill="white", anchor="mm")
        elif kind == "ext":
            extinguisher(dr, (lx + 55, y))
        elif kind == "alarm":
            alarm(dr, (lx + 55, y))
        elif kind == "star":
            star(dr, (lx + 55, y))
        elif kind == "assembly":
            dr.ellipse((lx + 25, y - 16, lx + 85, y + 16), outline=GREEN, width=4, fill=(225, 245, 230))
        else:
            dr.rectangle((lx + 25, y - 16, lx + 85, y + 16), fill=(230, 240, 250), outline=DARK, width=2)
        dr.text((lx + 110, y), text, font=font(21), fill=DARK, anchor="lm")
    notes = ["疏散注意事项：", "1. 听从引导员指挥，", "   不乘电梯；", "2. 气体灭火区报警后", "   30秒内撤离；",
             "3. 到达集合点后向", "   部门负责人报到。", "值班电话：", duty_phone]
    for k, line in enumerate(notes):
        dr.text((lx, 740 + k * 34), line, font=font(21), fill=DARK if k not in (0, 7) else RED, anchor="lm")
    written.append(_save_png(im, folder / "疏散路线图.png"))

    # ---- 厂区平面图 ---------------------------------------------------------
    im = Image.new("RGB", (W, H), "white")
    dr = ImageDraw.Draw(im)
    dr.text((W / 2, 50), "江城云联数据中心园区平面布置图", font=font(40), fill=DARK, anchor="mm")
    dr.text((W / 2, 92), "江城市高新区云谷路88号　　比例示意", font=font(20), fill=(110, 110, 110), anchor="mm")

    px0, py0, px1, py1 = 80, 130, 1240, 1050
    dr.rectangle((px0, py0, px1, py1), outline=(90, 140, 90), width=6, fill=(244, 250, 242))
    # ring road for fire engines
    road = (200, 200, 200)
    dr.rectangle((130, 170, 1190, 1000), outline=road, width=44)
    dr.rectangle((560, 175, 640, 995), fill=road)
    # gates
    dr.rectangle((540, py1 - 8, 660, py1 + 8), fill="white")
    dr.rectangle((px1 - 8, 400, px1 + 8, 480), fill="white")
    dr.text((600, py1 + 30), "南门（主入口）", font=font(24), fill=DARK, anchor="mm")
    for k, ch in enumerate("东门"):  # vertical, to keep clear of the legend
        dr.text((px1 + 21, 425 + 30 * k), ch, font=font(22), fill=DARK, anchor="mm")
    room(dr, (680, 1008, 790, 1044), "门卫室", fill=(255, 240, 210), size=18)
    # fire lane dashes
    for x in range(160, 1170, 40):
        dr.line((x, 170, x + 20, 170), fill=RED, width=4)
        dr.line((x, 1000, x + 20, 1000), fill=RED, width=4)
    for y in range(190, 1000, 40):
        dr.line((130, y, 130, y + 20), fill=RED, width=4)
        dr.line((1190, y, 1190, y + 20), fill=RED, width=4)
    # buildings
    room(dr, (190, 230, 520, 480), "1号楼 综合办公楼", fill=(255, 248, 225), size=26, sub="地上6层")
    room(dr, (680, 230, 1130, 600), "2号楼 数据中心楼", fill=(225, 236, 250), size=30, sub="地下1层、地上5层")
    room(dr, (190, 560, 520, 690), "消防泵房及消防水池", fill=(220, 235, 255), size=22, sub="水池容积540m³")
    room(dr, (190, 760, 520, 900), "10kV开闭所", fill=(240, 240, 240), size=22, sub="两路市电进线")
    room(dr, (680, 680, 890, 820), "柴油发电机房", fill=(255, 230, 220), size=22, sub="2×1800kW")
    room(dr, (930, 680, 1130, 820), "储油罐区", fill=(255, 225, 200), size=22, sub="地埋2×30m³")
    for cx in (990, 1070):
        dr.ellipse((cx - 28, 788, cx + 28, 812), outline=RED, width=3)
    room(dr, (680, 870, 890, 950), "冷却塔", fill=(235, 245, 245), size=22)
    room(dr, (930, 870, 1130, 950), "防汛物资库", fill=(240, 240, 220), size=22)
    room(dr, (190, 915, 420, 968), "停车场", fill=(240, 240, 240), size=20)
    # command post
    star(dr, (490, 260), r=24)
    dr.text((355, 520), "应急指挥部：1号楼3F应急指挥中心", font=font(19), fill=RED, anchor="mm")
    # assembly point
    dr.rounded_rectangle((545, 600, 655, 690), radius=20, outline=GREEN, width=5, fill=(225, 245, 230))
    dr.text((600, 633), "集合点", font=font(22), fill=GREEN, anchor="mm")
    dr.text((600, 662), "中心广场", font=font(16), fill=GREEN, anchor="mm")
    arrow(dr, [(600, 1030), (600, 710)], color=BLUE, width=6, head=20)
    dr.text((550, 880), "消防车进场", font=font(18), fill=BLUE, anchor="rm")
    # warning signs
    dr.polygon([(1105, 690), (1125, 725), (1085, 725)], fill=YELLOW, outline=DARK)
    dr.text((1105, 713), "!", font=font(18), fill=DARK, anchor="mm")
    compass(dr, (1250, 95))

    lx, ly = 1280, 140
    legend_box(dr, lx, ly, 300, 560)
    items = [("road", "环形消防车道"), ("lane", "消防车道边线"), ("star", "应急指挥部"), ("assembly", "集合点"),
             ("blue", "救援车辆进场路线"), ("warn", "重点防火部位"), ("gate", "出入口")]
    for k, (kind, text) in enumerate(items):
        y = ly + 90 + k * 64
        if kind == "road":
            dr.rectangle((lx + 20, y - 12, lx + 90, y + 12), fill=road)
        elif kind == "lane":
            for x in range(lx + 20, lx + 90, 24):
                dr.line((x, y, x + 12, y), fill=RED, width=4)
        elif kind == "star":
            star(dr, (lx + 55, y))
        elif kind == "assembly":
            dr.rounded_rectangle((lx + 25, y - 16, lx + 85, y + 16), radius=8, outline=GREEN, width=4,
                                 fill=(225, 245, 230))
        elif kind == "blue":
            arrow(dr, [(lx + 20, y), (lx + 90, y)], color=BLUE, width=6, head=18)
        elif kind == "warn":
            dr.polygon([(lx + 55, y - 18), (lx + 77, y + 16), (lx + 33, y + 16)], fill=YELLOW, outline=DARK)
            dr.text((lx + 55, y + 4), "!", font=font(18), fill=DARK, anchor="mm")
        else:
            dr.rectangle((lx + 20, y - 8, lx + 90, y + 8), outline=DARK, width=3, fill="white")
        dr.text((lx + 110, y), text, font=font(21), fill=DARK, anchor="lm")
    notes = ["说明：", "储油罐区、柴油发电机房", "和配电室严禁烟火；", "消防车道保持畅通，", "禁止停车堆物。",
             "值班电话：", duty_phone]
    for k, line in enumerate(notes):
        dr.text((lx, 740 + k * 34), line, font=font(21), fill=DARK if k not in (0, 5) else RED, anchor="lm")
    written.append(_save_png(im, folder / "厂区平面图.png"))
    return written


def _save_png(im, path: Path) -> Path:
    # Flat colours: a 128-colour palette keeps the file small without visible loss.
    pal = im.quantize(colors=128, dither=0)
    pal.save(path, format="PNG", optimize=True)
    return path

