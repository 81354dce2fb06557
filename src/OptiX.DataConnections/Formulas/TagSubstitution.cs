namespace OptiX.DataConnections.Formulas;

/// <summary>The text with its tags replaced, and the tags that had no value (left in the text as written).</summary>
public sealed class TagSubstitution
{
    internal TagSubstitution(string text, IReadOnlyList<string> missingTags)
    {
        Text = text;
        MissingTags = missingTags;
    }

    public string Text { get; }

    /// <summary>Tag names without a value, in order of appearance, each once.</summary>
    public IReadOnlyList<string> MissingTags { get; }

    public bool IsComplete => MissingTags.Count == 0;

    public override string ToString() => Text;
}
