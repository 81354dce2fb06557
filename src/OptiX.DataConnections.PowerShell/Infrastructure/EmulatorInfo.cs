namespace OptiX.DataConnections.PowerShell.Infrastructure;

/// <summary>A running local emulator, as Start-DCEmulator -PassThru describes it.</summary>
public sealed class EmulatorInfo
{
    internal EmulatorInfo(EmulatorProcess process, string retailer)
    {
        BaseUri = process.BaseUri;
        BrandKey = process.BrandKey;
        DataPath = process.DataPath;
        ProcessId = process.ProcessId;
        AdminKey = process.AdminKey;
        MonetateBaseUri = new Uri(process.BaseUri.GetLeftPart(UriPartial.Authority));
        Retailer = retailer;
    }

    public Uri BaseUri { get; }

    /// <summary>The brand key the emulator accepts (not a secret; its API key is left out).</summary>
    public string BrandKey { get; }

    public string DataPath { get; }

    public int ProcessId { get; }

    /// <summary>Where the emulator serves the Monetate Auth and Data APIs: give it to Connect-MonetateService -BaseUri.</summary>
    public Uri MonetateBaseUri { get; }

    /// <summary>The Monetate retailer short name the emulator serves.</summary>
    public string Retailer { get; }

    /// <summary>The key of the emulator's admin API (x-admin-key), for changing injected faults at run time.</summary>
    public string? AdminKey { get; }
}
