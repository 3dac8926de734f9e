using Tracking.Domain.Display;

namespace Tracking.Domain.Tests;

public sealed class DisplayNamesTests
{
    [Theory]
    [InlineData("王芳", "王*")]
    [InlineData("张伟", "张*")]
    [InlineData("李小龙", "李**")]
    [InlineData("王", "王")]
    [InlineData("欧阳娜娜", "欧阳**")]
    [InlineData("欧阳修", "欧阳*")]
    [InlineData("司马相如", "司马**")]
    [InlineData("诸葛亮", "诸葛*")]
    [InlineData("上官婉儿", "上官**")]
    [InlineData("东方朔", "东方*")]
    [InlineData("慕容复", "慕容*")]
    [InlineData("令狐冲", "令狐*")]
    [InlineData("夏侯惇", "夏侯*")]
    [InlineData("尉迟恭", "尉迟*")]
    [InlineData("皇甫嵩", "皇甫*")]
    [InlineData("公孙胜", "公孙*")]
    [InlineData("长孙无忌", "长孙**")]
    [InlineData("宇文泰", "宇文*")]
    [InlineData("司徒雷登", "司徒**")]
    [InlineData("端木蓉", "端木*")]
    [InlineData("独孤求败", "独孤**")]
    [InlineData("南宫问天", "南宫**")]
    [InlineData("西门庆", "西门*")]
    [InlineData("轩辕剑", "轩辕*")]
    [InlineData("呼延灼", "呼延*")]
    [InlineData("闻人杰", "闻人*")]
    [InlineData("澹台明", "澹台*")]
    [InlineData("申屠刚", "申屠*")]
    [InlineData("太史慈", "太史*")]
    [InlineData("百里奚", "百里*")]
    [InlineData("歐陽娜娜", "歐陽**")]
    [InlineData("司馬懿", "司馬*")]
    public void Initial_keeps_a_chinese_family_name_and_masks_every_other_character(string name, string shown) =>
        Assert.Equal(shown, DisplayNames.Initial(name));

    [Theory]
    [InlineData("欧阳", "欧*")] // nothing after the pair: it is read as a family name and a given name
    [InlineData("欧芳", "欧*")] // 欧 alone is a family name too
    [InlineData("单于娜", "单**")] // 单于 is left out: 单 is the common family name
    [InlineData(" 王芳 ", "王*")]
    [InlineData("阿卜杜·热合曼", "阿**·***")] // the separator shows the shape of the name
    [InlineData("王 Fang", "王 ****")] // written family name first: every other letter is masked
    [InlineData("𠀋芳", "𠀋*")] // a family name outside the basic plane is one character
    [InlineData("김민준", "김**")]
    public void Initial_of_mixed_and_edge_names_written_family_name_first(string name, string shown) =>
        Assert.Equal(shown, DisplayNames.Initial(name));

    [Theory]
    [InlineData("Emma Clarke", "Emma C.")]
    [InlineData("Mary Ann Lee", "Mary L.")]
    [InlineData("Emma", "Emma")]
    [InlineData("  Emma   Clarke ", "Emma C.")]
    [InlineData("Jean-Luc Picard", "Jean-Luc P.")]
    [InlineData("Mary-Jane smith-jones", "Mary-Jane S.")]
    [InlineData("Chloé Émond", "Chloé É.")]
    [InlineData("Emma 王", "Emma 王.")] // written given name first: the last word's initial
    public void Initial_keeps_a_latin_first_given_name_and_the_initial_of_the_last(string name, string shown) =>
        Assert.Equal(shown, DisplayNames.Initial(name));

    [Fact]
    public void Initial_of_nothing_is_nothing()
    {
        Assert.Null(DisplayNames.Initial(null));
        Assert.Equal("", DisplayNames.Initial("   "));
    }

    [Fact]
    public void Shape_follows_the_policy_full_initial_or_masked()
    {
        Assert.Equal("欧阳娜娜", DisplayNames.Shape("欧阳娜娜", NameDisplay.Full));
        Assert.Equal("欧阳**", DisplayNames.Shape("欧阳娜娜", NameDisplay.Initial));
        Assert.Null(DisplayNames.Shape("欧阳娜娜", NameDisplay.Masked));
    }

    [Theory]
    [InlineData(NameDisplay.Full)]
    [InlineData(NameDisplay.Initial)]
    [InlineData(NameDisplay.Masked)]
    public void A_private_agent_has_no_name_whatever_the_policy(NameDisplay names)
    {
        var policy = new DisplayPolicy(Names: names);
        Assert.Null(policy.AgentName("Emma Clarke", hidden: true));
        Assert.Equal(DisplayNames.Shape("Emma Clarke", names), policy.AgentName("Emma Clarke", hidden: false));
    }

    [Fact]
    public void The_default_policy_shows_fifty_full_names_and_the_bottom() =>
        Assert.Equal(new DisplayPolicy(50, NameDisplay.Full, true), DisplayPolicy.Default);
}
