namespace OptiX.DataConnections.Emulator.Http;

/// <summary>The brand a request authenticated as; connections are visible only to the brand that created them.</summary>
internal static class Brand
{
    private static readonly object _itemsKey = new();

    public static void Set(HttpContext context, string brandKey) => context.Items[_itemsKey] = brandKey;

    public static string Of(HttpContext context) =>
        context.Items[_itemsKey] as string ?? throw new InvalidOperationException("The request was not authenticated.");
}
