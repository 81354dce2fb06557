namespace OptiX.DataConnections.Emulator.Monetate;

/// <summary>The retailer short name the Data API answers for; any other retailer in the path is a 404.</summary>
internal sealed record MonetateSettings(string Retailer);
