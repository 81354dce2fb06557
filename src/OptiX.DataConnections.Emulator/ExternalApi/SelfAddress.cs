using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OptiX.DataConnections.Emulator.ExternalApi;

/// <summary>The emulator's own listener (127.0.0.1 and the bound port), which external calls must not reach.</summary>
internal sealed class SelfAddress(IServer server)
{
    private int _port;

    /// <summary>The bound port (known once the server has started; 0 before).</summary>
    public int Port
    {
        get
        {
            if (_port == 0 && server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address)
            {
                _port = new Uri(address).Port;
            }
            return _port;
        }
    }

    /// <summary>
    /// Whether a connection to <paramref name="address"/>:<paramref name="port"/> would reach this emulator: its port on
    /// any loopback address (all of 127.0.0.0/8 and ::1), or on the unspecified address, which connects to the local host.
    /// </summary>
    public bool IsSelf(IPAddress address, int port)
    {
        if (port != Port)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
    }
}
