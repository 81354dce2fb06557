using System.Management.Automation;
using OptiX.DataConnections.OptiX;

namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>An Opti-X cmdlet: the optional -Session, else the one Connect-DCService made, else one from the environment.</summary>
public abstract class DCCmdlet : ServiceCmdlet
{
    private OptiXSession? _resolved;

    /// <summary>The session to use instead of the one from Connect-DCService.</summary>
    [Parameter]
    public OptiXSession? Session { get; set; }

    /// <summary>The session to use: -Session, else Connect-DCService's, else one from the environment.</summary>
    protected OptiXSession ResolveSession()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var session = DCSessionStore.Resolve(this, Session);
        session.Client.Retrying += OnRetrying;
        return _resolved = session;
    }

    protected override void ReleaseResources()
    {
        if (_resolved is not null)
        {
            _resolved.Client.Retrying -= OnRetrying;
        }
    }
}
