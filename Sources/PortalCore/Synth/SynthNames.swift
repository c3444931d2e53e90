/// Agencies that read like real ones: a county-level place plus a department, every name distinct.
enum SynthNames {
    /// What kind of work a department does, which sets the size of its numbers.
    struct Department: Sendable {
        var name: String
        /// Typical yearly counts (upper ends of log-uniform draws); 0 = the department never has any.
        var licensing: Double
        var punishment: Double
        var coercion: Double
        var applications: Double
        /// Only a city's people's government issues 规章.
        var issuesRegulations = false
        /// The short form the department calls itself in its prose (我局, 我委, 本机关).
        var selfName: String
    }

    static let departments: [Department] = [
        .init(name: "卫生健康局", licensing: 3000, punishment: 300, coercion: 20, applications: 40, selfName: "我局"),
        .init(name: "卫生健康委员会", licensing: 5000, punishment: 400, coercion: 20, applications: 60, selfName: "我委"),
        .init(name: "教育局", licensing: 200, punishment: 20, coercion: 0, applications: 40, selfName: "我局"),
        .init(name: "人力资源和社会保障局", licensing: 2000, punishment: 100, coercion: 10, applications: 80, selfName: "我局"),
        .init(name: "自然资源局", licensing: 1500, punishment: 400, coercion: 50, applications: 400, selfName: "我局"),
        .init(name: "自然资源和规划局", licensing: 2000, punishment: 500, coercion: 60, applications: 500, selfName: "我局"),
        .init(name: "住房和城乡建设局", licensing: 3000, punishment: 300, coercion: 30, applications: 300, selfName: "我局"),
        .init(name: "市场监督管理局", licensing: 20000, punishment: 2000, coercion: 300, applications: 120, selfName: "我局"),
        .init(name: "生态环境局", licensing: 500, punishment: 300, coercion: 60, applications: 150, selfName: "我局"),
        .init(name: "交通运输局", licensing: 8000, punishment: 3000, coercion: 200, applications: 60, selfName: "我局"),
        .init(name: "公安局", licensing: 30000, punishment: 20000, coercion: 2000, applications: 200, selfName: "我局"),
        .init(name: "民政局", licensing: 300, punishment: 10, coercion: 0, applications: 30, selfName: "我局"),
        .init(name: "财政局", licensing: 50, punishment: 20, coercion: 0, applications: 50, selfName: "我局"),
        .init(name: "司法局", licensing: 300, punishment: 20, coercion: 0, applications: 30, selfName: "我局"),
        .init(name: "农业农村局", licensing: 1500, punishment: 200, coercion: 20, applications: 40, selfName: "我局"),
        .init(name: "水利局", licensing: 300, punishment: 80, coercion: 10, applications: 30, selfName: "我局"),
        .init(name: "应急管理局", licensing: 400, punishment: 300, coercion: 40, applications: 20, selfName: "我局"),
        .init(name: "文化广电和旅游局", licensing: 500, punishment: 100, coercion: 5, applications: 20, selfName: "我局"),
        .init(name: "商务局", licensing: 200, punishment: 30, coercion: 0, applications: 15, selfName: "我局"),
        .init(name: "发展和改革局", licensing: 600, punishment: 10, coercion: 0, applications: 40, selfName: "我局"),
        .init(name: "统计局", licensing: 0, punishment: 30, coercion: 0, applications: 10, selfName: "我局"),
        .init(name: "审计局", licensing: 0, punishment: 5, coercion: 0, applications: 10, selfName: "我局"),
        .init(name: "退役军人事务局", licensing: 0, punishment: 0, coercion: 0, applications: 15, selfName: "我局"),
        .init(name: "医疗保障局", licensing: 100, punishment: 60, coercion: 0, applications: 30, selfName: "我局"),
        .init(name: "林业局", licensing: 500, punishment: 150, coercion: 10, applications: 15, selfName: "我局"),
        .init(name: "城市管理局", licensing: 1000, punishment: 1500, coercion: 300, applications: 40, selfName: "我局"),
        .init(name: "人民政府", licensing: 800, punishment: 100, coercion: 20, applications: 300, issuesRegulations: true, selfName: "本机关"),
        .init(name: "人民政府办公室", licensing: 0, punishment: 0, coercion: 0, applications: 60, selfName: "本机关"),
    ]

    /// County-level places that exist (or read as if they did). The place word (县/市/区/旗) always stands
    /// within the first six characters, so the parser never needs to complete the name from the body.
    static let knownPlaces: [String] = [
        "盘州市", "二七区", "沙湾市", "呼兰区", "雁江区", "金水区", "中原区", "管城区", "惠济区", "上街区",
        "新郑市", "登封市", "巩义市", "荥阳市", "中牟县", "南关区", "宽城区", "朝阳区", "绿园区", "双阳区",
        "榆树市", "德惠市", "农安县", "道里区", "南岗区", "香坊区", "平房区", "松北区", "阿城区", "双城区",
        "尚志市", "五常市", "依兰县", "方正县", "宾县", "巴彦县", "木兰县", "通河县", "延寿县", "钟山区",
        "水城区", "六枝特区", "西秀区", "平坝区", "普定县", "镇宁县", "关岭县", "紫云县", "红花岗区", "汇川区",
        "播州区", "桐梓县", "绥阳县", "正安县", "凤冈县", "湄潭县", "余庆县", "习水县", "赤水市", "仁怀市",
        "安居区", "船山区", "射洪市", "蓬溪县", "大英县", "东坡区", "彭山区", "仁寿县", "洪雅县", "丹棱县",
        "青神县", "翠屏区", "南溪区", "叙州区", "江安县", "长宁县", "高县", "珙县", "筠连县", "兴文县",
        "屏山县", "海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "奉化区", "余姚市", "慈溪市", "象山县",
        "宁海县", "越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县", "婺城区", "金东区", "兰溪市",
        "义乌市", "东阳市", "永康市", "武义县", "浦江县", "磐安县", "柯城区", "衢江区", "江山市", "常山县",
        "开化县", "龙游县", "莲都区", "龙泉市", "青田县", "缙云县", "遂昌县", "松阳县", "云和县", "庆元县",
        "鼓楼区", "台江区", "仓山区", "马尾区", "晋安区", "长乐区", "福清市", "闽侯县", "连江县", "罗源县",
        "闽清县", "永泰县", "平潭县", "思明区", "海沧区", "湖里区", "集美区", "同安区", "翔安区", "芗城区",
        "龙文区", "龙海区", "长泰区", "云霄县", "漳浦县", "诏安县", "东山县", "南靖县", "平和县", "华安县",
        "德城区", "陵城区", "乐陵市", "禹城市", "宁津县", "庆云县", "临邑县", "齐河县", "平原县", "夏津县",
        "武城县", "东昌府区", "茌平区", "临清市", "阳谷县", "莘县", "东阿县", "冠县", "高唐县", "兰山区",
        "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "费县", "平邑县", "莒南县", "蒙阴县",
        "临沭县", "秦都区", "杨陵区", "渭城区", "三原县", "泾阳县", "乾县", "礼泉县", "永寿县", "彬州市",
        "长武县", "旬邑县", "淳化县", "武功县", "兴平市", "临渭区", "华州区", "潼关县", "大荔县", "合阳县",
        "澄城县", "蒲城县", "白水县", "富平县", "韩城市", "华阴市", "土默特左旗", "托克托县", "和林格尔县", "武川县",
    ]

    /// First and second characters of made-up place names (安平县, 清河市…); none is itself a place word,
    /// so the parser never mistakes a prefix for the place.
    static let firstCharacters = Array("安平清永长新东西南北宁昌德兴阳丰和华江河山云龙凤金石明光泰福庆宝临城武文成康乐信通嘉定海宜怀青白红黄高太广".unicodeScalars)
    static let secondCharacters = Array("安平清远江河山阳城源宁丰和兴泉林川水溪台乡田陵岭峰州口湖浦原昌盛康泰化德武定远川谷".unicodeScalars)
    static let placeWords: [String] = ["县", "市", "区"]

    /// `count` distinct agency names with their departments, in a seeded order: known places first, then
    /// made-up ones; a name already taken is drawn again.
    static func agencies(count: Int, rng: inout SplitMix64) -> [(name: String, place: String, department: Department)] {
        var taken = Set<String>()
        var out: [(String, String, Department)] = []
        out.reserveCapacity(count)
        var places = knownPlaces
        var attempts = 0
        while out.count < count {
            attempts += 1
            let place: String
            if attempts <= knownPlaces.count * 4 || places.isEmpty {
                place = places.isEmpty || rng.chance(0.35) ? madeUpPlace(&rng) : rng.pick(places)
            } else {
                place = madeUpPlace(&rng)
            }
            let department = rng.pick(departments)
            let name = place + department.name
            guard taken.insert(name).inserted else {
                // Every department of a known place is taken: use made-up places from now on.
                if attempts > 50 * count { places = [] }
                continue
            }
            out.append((name, place, department))
        }
        return out
    }

    static func madeUpPlace(_ rng: inout SplitMix64) -> String {
        var s = String.UnicodeScalarView()
        s.append(rng.pick(firstCharacters))
        var second = rng.pick(secondCharacters)
        while second == s.first! { second = rng.pick(secondCharacters) }
        s.append(second)
        return String(s) + rng.pick(placeWords)
    }

    // MARK: Prose details

    static let roads = ["人民路", "解放路", "建设路", "中山路", "文化路", "迎宾大道", "新华街", "府前街", "行政中心大道", "朝阳路"]
    static let platforms = ["政府门户网站", "政务微信公众号", "政务微博", "政务服务大厅公开栏", "新闻发布会", "政府公报", "村（社区）公开栏", "档案馆和图书馆查阅点"]
}
