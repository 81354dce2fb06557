using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>The session's connections for completion: those it has seen, else the list fetched once (5 s at most).</summary>
internal static class CompletionConnections
{
    public static IReadOnlyCollection<Models.Connection> Of(DataConnections.OptiX.OptiXSession? session)
    {
        if (session is null)
        {
            return [];
        }

        if (session.KnownConnections.Count == 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                foreach (var connection in session.Client.GetConnectionsAsync(timeout.Token).GetAwaiter().GetResult())
                {
                    session.Remember(connection);
                }
            }
            catch (Exception ex) when (ex is Http.ServiceException or OperationCanceledException)
            {
                return [];
            }
        }

        return session.KnownConnections;
    }

    /// <summary>A name as PowerShell can take it back: quoted when it holds spaces or quotes, wildcards escaped.</summary>
    public static string Quote(string name) =>
        name.IndexOfAny([' ', '\'', '"', '$', '`', '[', ']', '*', '?', ';', '(', ')', '{', '}', '@', '&', '|', ',']) < 0
            ? name
            : "'" + WildcardPattern.Escape(name).Replace("'", "''") + "'";
}

/// <summary>Completes -ConnectionId with the ids of the session's connections, their names as tooltips.</summary>
public sealed class ConnectionIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = wordToComplete.Trim('\'', '"');
        return CompletionConnections.Of(DCSessionStore.Current)
            .Where(c => c.ConnectionId.ToString().StartsWith(word, StringComparison.OrdinalIgnoreCase)
                || c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CompletionResult(c.ConnectionId.ToString(), $"{c.ConnectionId} ({c.Name})", CompletionResultType.ParameterValue, $"{c.Name}: keyed by {c.PrimaryKey}"))
            .ToList();
    }
}

/// <summary>Completes -Name with the names of the session's connections (quoted where PowerShell needs it).</summary>
public sealed class ConnectionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = wordToComplete.Trim('\'', '"');
        return CompletionConnections.Of(DCSessionStore.Current)
            .Where(c => c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CompletionResult(CompletionConnections.Quote(g.Key), g.Key, CompletionResultType.ParameterValue, string.Join(", ", g.Select(c => $"{c.ConnectionId}: keyed by {c.PrimaryKey}"))))
            .ToList();
    }
}

/// <summary>Completes from a fixed list of values that are common but not the only ones allowed.</summary>
public abstract class FixedValuesCompleter : IArgumentCompleter
{
    protected abstract IEnumerable<string> Values { get; }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Values.Where(v => v.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v));
}

public sealed class EncodingCompleter : FixedValuesCompleter
{
    protected override IEnumerable<string> Values => EncodingTransformationAttribute.Names;
}

public sealed class ChannelCompleter : FixedValuesCompleter
{
    protected override IEnumerable<string> Values => ["mail", "sms", "push", "banner", "webhook", "in-app"];
}

/// <summary>Completes schema names from the Monetate session (fetching the list once when none is known).</summary>
public sealed class MonetateSchemaCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = MonetateSessionStore.Current;
        if (session is null)
        {
            return [];
        }

        if (session.KnownSchemaNames.Count == 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                foreach (var schema in session.Client.GetSchemasAsync(timeout.Token).GetAwaiter().GetResult())
                {
                    session.Remember(schema.Name);
                }
            }
            catch (Exception ex) when (ex is Http.ServiceException or OperationCanceledException)
            {
                return [];
            }
        }

        var word = wordToComplete.Trim('\'', '"');
        return session.KnownSchemaNames
            .Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
            .ToList();
    }
}
