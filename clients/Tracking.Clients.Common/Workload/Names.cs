namespace Tracking.Clients.Common.Workload;

/// <summary>How a branch's people are named: Mainland Chinese, Hong Kong (English given name + Cantonese surname), or English.</summary>
public enum NameStyle { Mandarin, HongKong, English }

/// <summary>Plausible personal names, drawn from the caller's <see cref="Random"/> so an organisation is reproducible by seed.</summary>
public static class Names
{
    private static readonly string[] MandarinSurnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余",
        "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "欧阳",
    ];

    private static readonly string[] MandarinGiven =
    [
        "芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
        "刚", "桂英", "华", "玲", "婷", "雪", "慧", "鹏", "宇", "浩", "欣怡", "佳", "晨", "俊", "颖", "思远", "雨萱", "嘉怡",
        "子涵", "梓轩", "晓东", "建国", "海燕", "志强", "丽娟", "文博", "一鸣", "诗琪", "梦瑶", "家豪",
    ];

    private static readonly string[] CantoneseSurnames =
    [
        "Chan", "Wong", "Lee", "Cheung", "Lau", "Ho", "Ng", "Leung", "Lam", "Tang", "Yip", "Chow", "Tsang", "Kwok", "Mak",
        "Fung", "Yeung", "Tam", "Cheng", "Lo", "Siu", "Poon", "Tse", "Ma", "Choi",
    ];

    private static readonly string[] EnglishGiven =
    [
        "Olivia", "James", "Amelia", "Oliver", "Isla", "Harry", "Emily", "Jack", "Sophie", "George", "Grace", "Noah", "Chloe",
        "Thomas", "Lucy", "William", "Hannah", "Daniel", "Ella", "Samuel", "Mia", "Joseph", "Charlotte", "David", "Emma",
        "Michael", "Sarah", "Ethan", "Jessica", "Ryan", "Karen", "Kelvin", "Winnie", "Ivan", "Priya", "Aisha", "Mateo", "Sofia",
    ];

    private static readonly string[] EnglishSurnames =
    [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Clarke", "Garcia", "Miller", "Martinez",
        "Anderson", "Nguyen", "Kim", "O'Brien", "Murphy", "Khan", "Cohen", "Rossi", "Chen", "Wong",
    ];

    public static string Person(NameStyle style, Random random) => style switch
    {
        NameStyle.Mandarin => Pick(MandarinSurnames, random) + Pick(MandarinGiven, random),
        NameStyle.HongKong => $"{Pick(EnglishGiven, random)} {Pick(CantoneseSurnames, random)}",
        _ => $"{Pick(EnglishGiven, random)} {Pick(EnglishSurnames, random)}",
    };

    private static readonly string[] ChineseNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    private static readonly string[] TeamMottos = ["精英", "雄鹰", "飞跃", "卓越", "先锋", "腾飞", "启航", "星火", "远航", "磐石"];
    private static readonly string[] EnglishTeams = ["Alpha", "Bravo", "Phoenix", "Summit", "Pioneer", "Harbour", "Meridian", "Falcon", "Beacon", "Atlas"];

    /// <summary>A team name in the branch's style: "一组·精英", "Team Phoenix".</summary>
    public static string Team(NameStyle style, int index) => style switch
    {
        NameStyle.Mandarin => $"{(index < ChineseNumerals.Length ? ChineseNumerals[index] : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}组·{TeamMottos[index % TeamMottos.Length]}",
        _ => $"Team {EnglishTeams[index % EnglishTeams.Length]}" + (index >= EnglishTeams.Length ? $" {index / EnglishTeams.Length + 1}" : ""),
    };

    private static T Pick<T>(T[] items, Random random) => items[random.Next(items.Length)];
}
