using System.Text;

namespace Tracking.Domain.Display;

/// <summary>
/// Names as a display screen may show them. <see cref="NameDisplay.Initial"/> keeps enough for colleagues
/// to recognise someone and not enough to identify a stranger: a Chinese (or Korean) name keeps its family
/// name and masks every other character with <c>*</c> (王芳 → 王*, 欧阳娜娜 → 欧阳**); a name written given
/// name first keeps the first given name and the initial of the last (Emma Clarke → Emma C.; Mary Ann Lee →
/// Mary L.); a single word stays as it is.
/// </summary>
public static class DisplayNames
{
    /// <summary>
    /// Two-character family names, simplified and traditional. Only those read as one family name almost
    /// always: a pair that is as often a one-character family name and a given name (单于, 第五) is left out,
    /// since taking it wrongly would show a character of the given name.
    /// </summary>
    private static readonly string[] CompoundFamilyNames =
    [
        "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "尉迟", "尉遲", "公孙", "公孫",
        "慕容", "长孙", "長孫", "宇文", "司徒", "令狐", "夏侯", "端木", "独孤", "獨孤", "南宫", "南宮", "西门", "西門",
        "轩辕", "軒轅", "呼延", "闻人", "聞人", "澹台", "澹臺", "申屠", "太史", "百里", "司空", "万俟", "萬俟", "钟离",
        "鍾離", "鐘離", "赫连", "赫連", "淳于", "濮阳", "濮陽", "公羊", "公冶", "左丘", "东郭", "東郭", "拓跋", "鲜于",
        "鮮于", "闾丘", "閭丘", "亓官", "司寇", "仲孙", "仲孫", "太叔", "谷梁", "穀梁", "段干", "乐正", "樂正", "漆雕",
        "壤驷", "壤駟", "公西", "巫马", "巫馬", "颛孙", "顓孫", "子车", "子車", "微生", "梁丘", "羊舌", "呼衍", "即墨",
    ];

    /// <summary>The name shown under <paramref name="names"/>: as it is, its <see cref="Initial"/> form, or null.</summary>
    public static string? Shape(string? name, NameDisplay names) => names switch
    {
        NameDisplay.Masked => null,
        NameDisplay.Initial => Initial(name),
        _ => name,
    };

    /// <summary>The recognisable short form of a name (see the class summary); surrounding white space is dropped.</summary>
    public static string? Initial(string? name)
    {
        if (name is null) return null;
        var trimmed = name.Trim();
        if (trimmed.Length == 0) return trimmed;
        return WritesFamilyNameFirst(FirstRune(trimmed)) ? FamilyNameAndMask(trimmed) : GivenNameAndInitial(trimmed);
    }

    /// <summary>王芳 → 王*; 欧阳娜娜 → 欧阳**; separators (a middle dot, a space) stay so the shape of the name shows.</summary>
    private static string FamilyNameAndMask(string name)
    {
        var familyLength = CompoundFamilyNames.FirstOrDefault(f => name.Length > f.Length && name.StartsWith(f, StringComparison.Ordinal))?.Length
            ?? FirstRune(name).Utf16SequenceLength;
        var shaped = new StringBuilder(name.Length).Append(name, 0, familyLength);
        foreach (var rune in name.AsSpan(familyLength).EnumerateRunes())
        {
            if (IsSeparator(rune)) shaped.Append(rune.ToString());
            else shaped.Append('*');
        }
        return shaped.ToString();
    }

    /// <summary>Emma Clarke → Emma C.; Mary Ann Lee → Mary L.; Emma → Emma.</summary>
    private static string GivenNameAndInitial(string name)
    {
        var words = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1) return words[0];
        var initial = Rune.ToUpperInvariant(FirstRune(words[^1]));
        return $"{words[0]} {initial}.";
    }

    /// <summary>Han ideographs and Hangul: scripts whose names are written family name first, without spaces.</summary>
    private static bool WritesFamilyNameFirst(Rune rune) => rune.Value is
        (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3134F)
        or (>= 0xAC00 and <= 0xD7AF) or (>= 0x1100 and <= 0x11FF);

    private static bool IsSeparator(Rune rune) => Rune.IsWhiteSpace(rune) || rune.Value is '·' or '•' or '・' or '‧' or '-';

    private static Rune FirstRune(string text)
    {
        foreach (var rune in text.EnumerateRunes()) return rune;
        return Rune.ReplacementChar;
    }
}
