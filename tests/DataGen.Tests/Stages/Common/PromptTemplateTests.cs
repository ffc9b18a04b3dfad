using DataGen.Stages;
using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Common;

public sealed class PromptTemplateTests
{
    [Fact]
    public void Render_FillsPlaceholdersPerSection_AndKeepsValuesVerbatim()
    {
        var template = PromptTemplate.Parse("t.md", """
            A comment line with {{anything}} is ignored.

            ### system
            Be kind.

            ### user
            Prompt: {{prompt}}
            Bad part: {{ violation }}

            ### assistant
            {{prefix}}
            """);

        var messages = template.Render(new PromptTemplateValues("Tell me", Prefix: "Well, ", Violation: "XX"));

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant], messages.Select(m => m.Role));
        Assert.Equal("Be kind.", messages[0].Text);
        Assert.Equal("Prompt: Tell me\nBad part: XX", messages[1].Text);
        Assert.Equal("Well, ", messages[2].Text);
        Assert.True(template.EndsWithAssistant);
        Assert.Equal(new HashSet<string> { "prompt", "violation", "prefix" }, template.Placeholders);
    }

    [Fact]
    public void Parse_UnknownPlaceholder_OneLineErrorWithFileAndLine()
    {
        var error = Assert.Throws<FormatException>(() => PromptTemplate.Parse("prompts/x.md", "### user\nhello\n{{promt}} there\n"));

        Assert.StartsWith("prompts/x.md:3: unknown placeholder {{promt}}; known: {{prompt}}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_NoSections_Error()
    {
        var error = Assert.Throws<FormatException>(() => PromptTemplate.Parse("x.md", "just text {{prompt}}\n"));

        Assert.StartsWith("x.md:1: no sections", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownSectionOrEmptySection_Error()
    {
        var unknown = Assert.Throws<FormatException>(() => PromptTemplate.Parse("x.md", "### user\nhi\n### tool\nx\n"));
        var empty = Assert.Throws<FormatException>(() => PromptTemplate.Parse("x.md", "### system\n\n### user\nhi\n"));

        Assert.StartsWith("x.md:3: unknown section '### tool'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'### system' is empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireOnly_PlaceholderTheStageCannotFill_ErrorNamesIt()
    {
        var template = PromptTemplate.Parse("x.md", "### user\n{{prompt}} {{prefix}}\n");

        var error = Assert.Throws<FormatException>(() => template.RequireOnly("sampling", "prompt"));

        Assert.Contains("remove {{prefix}}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ErrorNamesPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.md");

        var error = Assert.Throws<FileNotFoundException>(() => PromptTemplate.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sample-instruct.md", false)]
    [InlineData("synthesis-instruct.md", false)]
    [InlineData("synthesis-completion.md", true)]
    public void ShippedTemplates_LoadAndRender(string file, bool prefill)
    {
        var template = PromptTemplate.Load(RepositoryPaths.File("prompts", "templates", file));

        var messages = template.Render(new PromptTemplateValues("PROMPT-TEXT", "PREFIX-TEXT", "VIOLATION-TEXT", "RESPONSE-TEXT"));

        Assert.Equal(prefill, template.EndsWithAssistant);
        Assert.Contains(messages, m => m.Role == ChatRole.User && m.Text.Contains("PROMPT-TEXT", StringComparison.Ordinal));
        if (file.StartsWith("synthesis", StringComparison.Ordinal))
            Assert.Contains(messages, m => m.Text.Contains("PREFIX-TEXT", StringComparison.Ordinal));
        if (prefill)
            Assert.Equal("PREFIX-TEXT", messages[^1].Text);
        Assert.DoesNotContain(messages, m => m.Text.Contains("{{", StringComparison.Ordinal));
    }
}
