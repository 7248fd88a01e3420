"""Place names written in Chinese that jieba's dictionary misses or mis-tags (大连 as an adverb,
莫斯科 / 夏威夷 as person names): provinces and cities of China, countries, and major world
cities and regions. General knowledge, written out here; no corpus was read to make it.
"""

from __future__ import annotations

from privacy.detect.zh.gazetteer_world import CITY_AREAS, NEIGHBOURHOODS, PLACES_CN_MORE, WORLD_MORE

# Provinces, autonomous regions, municipalities and SARs, without their unit suffix.
PROVINCES = frozenset(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
    "湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门".split()
)
# Prefecture-level and other well-known cities of China, without 市.
CITIES_CN = frozenset(
    """石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城
    朔州 晋中 运城 忻州 临汾 吕梁 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔
    乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 瓦房店
    庄河 普兰店 长春 四平 辽源 通化 白山 松原 白城 延吉 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆
    伊春 佳木斯 七台河 牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州
    镇江 泰州 宿迁 昆山 江阴 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 合肥
    芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 福州 厦门
    莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州
    上饶 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 郑州
    开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 武汉
    黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 长沙 株洲 湘潭 衡阳 邵阳 岳阳
    常德 张家界 益阳 郴州 永州 怀化 娄底 广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州
    梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港
    玉林 百色 贺州 河池 来宾 崇左 海口 三亚 儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁
    内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 贵阳 六盘水 遵义 安顺 毕节 铜仁 凯里
    昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 大理 西双版纳 拉萨 日喀则 西安 铜川 宝鸡 咸阳 渭南
    延安 汉中 榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南
    西宁 银川 石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密 喀什 伊宁 库尔勒 阿克苏
    天津港 滨海新区 浦东 雄安 台北 新北 台中 台南 高雄 新竹 基隆 桃园 花莲 垦丁 九龙 新界 铜锣湾
    尖沙咀 旺角 红磡 沙田 中环 氹仔 路环""".split()
)
# Districts and well-known areas of the Bohai-rim cities and Shanghai that are no everyday word
# (和平 / 河北 / 中山 are left out: they are also common words or names).
DISTRICTS = frozenset(
    """海淀 丰台 石景山 门头沟 房山 通州 顺义 昌平 大兴 怀柔 平谷 密云 延庆 中关村 望京 亦庄
    国贸 西单 东单 王府井 三里屯 五道口 上地 回龙观 天通苑 后海 南锣鼓巷 宋庄 西青 津南 北辰
    武清 宝坻 宁河 静海 蓟州 塘沽 汉沽 沙河口 甘井子 旅顺 旅顺口 金州 徐汇 静安 虹口 杨浦 闵行
    嘉定 松江 青浦 奉贤 崇明 陆家嘴 外滩""".split()
)
# Countries and regions of the world, in their usual Chinese short forms.
COUNTRIES = frozenset(
    """中国 美国 日本 韩国 朝鲜 俄罗斯 英国 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典
    挪威 丹麦 芬兰 冰岛 爱尔兰 奥地利 波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 希腊 土耳其
    乌克兰 白俄罗斯 立陶宛 拉脱维亚 爱沙尼亚 塞尔维亚 克罗地亚 斯洛文尼亚 波黑 黑山 阿尔巴尼亚
    马其顿 摩尔多瓦 格鲁吉亚 亚美尼亚 阿塞拜疆 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦
    土库曼斯坦 蒙古 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱
    东帝汶 印度 巴基斯坦 孟加拉 孟加拉国 尼泊尔 不丹 斯里兰卡 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚
    约旦 黎巴嫩 以色列 巴勒斯坦 沙特 沙特阿拉伯 也门 阿曼 阿联酋 卡塔尔 巴林 科威特 埃及 利比亚
    突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 索马里 肯尼亚 坦桑尼亚 乌干达 卢旺达 布隆迪
    刚果 尼日利亚 尼日尔 加纳 科特迪瓦 塞内加尔 马里 喀麦隆 安哥拉 赞比亚 津巴布韦 莫桑比克
    马达加斯加 纳米比亚 博茨瓦纳 南非 加拿大 墨西哥 古巴 牙买加 海地 多米尼加 危地马拉 洪都拉斯
    萨尔瓦多 尼加拉瓜 哥斯达黎加 巴拿马 哥伦比亚 委内瑞拉 厄瓜多尔 秘鲁 玻利维亚 巴西 巴拉圭
    乌拉圭 阿根廷 智利 澳大利亚 澳洲 新西兰 斐济 巴布亚新几内亚 苏联 欧盟 欧洲 亚洲 非洲 美洲
    北美 南美 拉美 中东 东南亚 南亚 中亚 东欧 西欧 北欧 南极 北极""".split()
)
# Major world cities, islands and regions often written in Chinese.
WORLD_PLACES = frozenset(
    """东京 大阪 京都 横滨 名古屋 神户 札幌 福冈 冲绳 北海道 首尔 釜山 仁川 济州岛 平壤 莫斯科
    圣彼得堡 伦敦 曼彻斯特 利物浦 伯明翰 爱丁堡 格拉斯哥 纽卡斯尔 巴黎 马赛 里昂 尼斯 戛纳
    柏林 慕尼黑 汉堡 法兰克福 科隆 斯图加特 杜塞尔多夫 罗马 米兰 威尼斯 佛罗伦萨 那不勒斯 都灵
    马德里 巴塞罗那 塞维利亚 瓦伦西亚 里斯本 波尔图 阿姆斯特丹 鹿特丹 布鲁塞尔 日内瓦 苏黎世
    维也纳 布拉格 华沙 布达佩斯 雅典 伊斯坦布尔 斯德哥尔摩 奥斯陆 哥本哈根 赫尔辛基 都柏林
    基辅 纽约 洛杉矶 旧金山 芝加哥 华盛顿 波士顿 西雅图 休斯敦 达拉斯 迈阿密 奥兰多 拉斯维加斯
    费城 底特律 亚特兰大 丹佛 圣地亚哥 夏威夷 檀香山 阿拉斯加 硅谷 曼哈顿 好莱坞 多伦多 温哥华
    蒙特利尔 渥太华 墨西哥城 里约热内卢 圣保罗 布宜诺斯艾利斯 利马 悉尼 墨尔本 布里斯班 珀斯
    阿德莱德 凯恩斯 黄金海岸 奥克兰 惠灵顿 皇后镇 曼谷 普吉岛 清迈 芭提雅 河内 胡志明市 金边
    暹粒 吉隆坡 槟城 沙巴 雅加达 巴厘岛 马尼拉 宿务 长滩岛 仰光 新德里 孟买 加尔各答 班加罗尔
    德里 卡拉奇 伊斯兰堡 加德满都 科伦坡 迪拜 阿布扎比 多哈 利雅得 麦加 德黑兰 巴格达 大马士革
    耶路撒冷 特拉维夫 开罗 卡萨布兰卡 内罗毕 约翰内斯堡 开普敦 塞班 塞班岛 关岛 马尔代夫
    巴拿马城 哈瓦那 撒哈拉 西伯利亚 格陵兰 加勒比 地中海 太平洋 大西洋 印度洋""".split()
)
# Traditional-character forms of the most frequent of them (text from Taiwan and Hong Kong).
TRADITIONAL = frozenset(
    "臺灣 台灣 澳門 廣東 廣州 廣西 臺北 東京 紐約 倫敦 美國 英國 韓國 日本 中國".split()
)
GAZETTEER: frozenset[str] = (
    PROVINCES | CITIES_CN | DISTRICTS | COUNTRIES | WORLD_PLACES | TRADITIONAL | WORLD_MORE
)


# The places of China among them (a home town: 济南人 is someone from 济南).
CHINESE_PLACES: frozenset[str] = (
    PROVINCES | CITIES_CN | DISTRICTS | CITY_AREAS | PLACES_CN_MORE | NEIGHBOURHOODS
)


def is_gazetteer_place(word: str) -> bool:
    """True when `word` is a listed place name (with or without a 省/市 suffix)."""
    return word in GAZETTEER or (word[-1:] in "省市" and word[:-1] in GAZETTEER)
