using System.Globalization;
using System.Text;

namespace OptiX.DataConnections.Bench;

/// <summary>Writes N customers, the same bytes on every machine (the same columns as samples/New-SampleCustomers.ps1).</summary>
internal static class Generate
{
    private static readonly string[] First = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Linus", "Radia", "Ken", "Frances", "Dennis", "Hedy", "Tim", "Katherine", "John"];
    private static readonly string[] Last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Torvalds", "Perlman", "Thompson", "Allen", "Ritchie", "Lamarr", "Berners-Lee", "Johnson", "McCarthy"];
    private static readonly string[] Tiers = ["bronze", "silver", "gold", "platinum"];
    private static readonly string[] Countries = ["GB", "DE", "FR", "IL", "US", "ES", "IT", "NL"];
    private static readonly string[] Products = ["running-shoes", "rain-jacket", "yoga-mat", "headphones", "coffee-grinder", "backpack", "desk-lamp", "water-bottle"];

    public static int Run(Arguments args)
    {
        var rows = args.GetInt("rows", 1_000_000);
        using var writer = new StreamWriter(args.Get("path"), false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("customer_id,first_name,last_name,email,country,loyalty_tier,lifetime_value,last_purchase_date,product_url");
        var start = new DateTime(2026, 1, 1);
        for (long i = 1; i <= rows; i++)
        {
            var h = i * 2654435761 % 4294967296;
            var first = First[h % 16];
            var last = Last[(h >> 4) % 16];
            var value = Math.Round((h >> 8) % 500000 / 100.0, 2).ToString(CultureInfo.InvariantCulture);
            var date = start.AddDays((h >> 12) % 300).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            writer.Write(100000 + i);
            writer.Write($",{first},{last},{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{i}@example.com,{Countries[(h >> 20) % 8]},{Tiers[(h >> 24) % 4]},{value},{date},https://shop.example.com/p/{Products[(h >> 16) % 8]}\n");
        }

        return 0;
    }
}
