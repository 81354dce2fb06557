using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Http;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.Monetate;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Platform;
using OptiX.DataConnections.PowerShell.Infrastructure;
using OptiX.DataConnections.Security;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;

namespace OptiX.DataConnections.MonoSmoke;

/// <summary>The checks, each one line of output and one count; they run after the core loaded from dependencies/.</summary>
internal sealed class Checks
{
    // The version bridges Windows PowerShell needs (issue #17): a shipped file references an older version of another.
    private static readonly string[] ExpectedBridges =
    [
        "Microsoft.Bcl.AsyncInterfaces 6.0.0.0",
        "Microsoft.Bcl.TimeProvider 8.0.0.0",
        "System.ComponentModel.Annotations 4.2.0.0",
        "System.Buffers 4.0.2.0",
    ];

    private readonly Options _options;
    private readonly string _work = Path.Combine(Path.GetTempPath(), "optix-mono-smoke-" + Guid.NewGuid().ToString("N"));

    public Checks(Options options) => _options = options;

    public List<CheckResult> RunAll()
    {
        Directory.CreateDirectory(_work);
        try
        {
            // The journey first, so that the runtime's own requests go through the handler; the reference table last.
            var results = new List<CheckResult>
            {
                Run("the core loads from dependencies/ through the module's resolver", CoreLoadsFromDependencies),
                Run(".NET Framework transport settings apply to ServicePointManager", TransportSettingsApply),
                Run("a CSV file is read (CsvHelper)", ReadsCsv),
                Run("an upload is retried through injected 503s and stored (Polly, HttpClient, Newtonsoft.Json)", UploadsWithRetries),
                Run("a Monetate JWT is signed (BouncyCastle) and verifies with the runtime's RSA", SignsJwt),
                Run("every assembly of the module in the process came from dependencies/", NothingLoadedFromElsewhere),
                Run("every reference between shipped assemblies is answered, the four version bridges among them", EveryReferenceIsAnswered),
            };
            return results;
        }
        finally
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static CheckResult Run(string name, Func<string> check)
    {
        try
        {
            string detail = check();
            Console.WriteLine($"PASS  {name}: {detail}");
            return new CheckResult(name, true, detail);
        }
        catch (Exception ex)
        {
            Exception inner = ex is AggregateException { InnerException: not null } aggregate ? aggregate.InnerException! : ex;
            Console.WriteLine($"FAIL  {name}: {inner.GetType().Name}: {inner.Message}");
            Console.WriteLine(inner.ToString());
            return new CheckResult(name, false, inner.Message);
        }
    }

    private static string CoreLoadsFromDependencies()
    {
        Assembly core = typeof(OptiXClient).Assembly;
        Require(FolderOf(core) == Program.DependencyFolder, $"the core came from {core.Location}");
        return $"{core.GetName().Name} {core.GetName().Version} from {core.Location}";
    }

    private static string EveryReferenceIsAnswered()
    {
        var bridges = new List<string>();
        foreach (ShippedAssembly file in Program.Shipped.Values)
        {
            foreach (AssemblyName reference in Assembly.LoadFrom(file.Path).GetReferencedAssemblies())
            {
                if (!Program.Shipped.ContainsKey(reference.Name!))
                {
                    continue;
                }

                ShippedAssembly answer = DependencyResolver.Choose(reference, Program.Shipped)
                    ?? throw new InvalidOperationException($"{file.Name.Name} references {reference.FullName}, which the resolver refuses.");
                if (answer.Name.Version != reference.Version)
                {
                    bridges.Add($"{reference.Name} {reference.Version}");
                }
            }
        }

        string[] missing = ExpectedBridges.Where(bridge => !bridges.Contains(bridge)).ToArray();
        Require(missing.Length == 0, $"no shipped assembly references {string.Join(", ", missing)} any more: update the bridges the module is known to need");
        return $"bridged {string.Join(", ", bridges.Distinct().OrderBy(bridge => bridge, StringComparer.Ordinal))}";
    }

    private static string TransportSettingsApply()
    {
        string applied = NetFrameworkTransport.Apply();
        SecurityProtocolType protocols = ServicePointManager.SecurityProtocol;
        Require(protocols == NetFrameworkTransport.SystemDefault || (protocols & NetFrameworkTransport.Tls12) == NetFrameworkTransport.Tls12, $"TLS 1.2 is not offered: {protocols}");
        Require(ServicePointManager.DefaultConnectionLimit >= NetFrameworkTransport.ConnectionsPerHost, $"the connection limit is {ServicePointManager.DefaultConnectionLimit}");
        return applied;
    }

    private string ReadsCsv()
    {
        var records = ReadCsv(WriteCsv());
        Require(records.Count == 3, $"read {records.Count} records");
        Require(Equals(records[1]["name"], "Bob"), $"the second record's name is {records[1]["name"]}");
        return $"{records.Count} records, fields {string.Join(", ", records[0].Keys)}";
    }

    private string UploadsWithRetries()
    {
        // Every other upload attempt (seeded, so every run the same) answers 503; the client must retry until stored.
        using var emulator = EmulatorProcess.Start(_options.DotnetPath, Path.Combine(_options.ModulePath, "emulator", "OptiX.DataConnections.Emulator.dll"), "--faults \"upload_data:503=0.5;seed=17\"");
        var resilience = new ResilienceSettings
        {
            MaxRetries = 10,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryTime = TimeSpan.FromSeconds(60),
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
        var credentials = new OptiXCredentials(SecureStrings.FromPlainText("optix-emulator-dev-api-key"), SecureStrings.FromPlainText("11111111-1111-4111-8111-111111111111"));
        using var client = new OptiXClient(emulator.BaseUri, credentials, resilience);
        int retries = 0;
        client.Retrying += (_, _) => Interlocked.Increment(ref retries);

        Connection connection = client.CreateConnectionAsync(new ConnectionDefinition { Name = "mono-smoke", PrimaryKey = "customer_id" }, CancellationToken.None).GetAwaiter().GetResult();
        var records = ReadCsv(WriteCsv());
        const int uploads = 8;
        for (int i = 0; i < uploads; i++)
        {
            RequestBody body = RequestBody.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("data");
                writer.WriteStartArray();
                foreach (var record in records)
                {
                    writer.WriteStartObject();
                    foreach (var field in record)
                    {
                        writer.WritePropertyName(field.Key);
                        writer.WriteValue(field.Key == "tier" ? $"{field.Value}-{i}" : field.Value);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            UploadResponse answer = client.UploadAsync(connection.ConnectionId, body, CancellationToken.None).GetAwaiter().GetResult();
            Require(answer.UploadedRecords is null or 3, $"upload {i} acknowledged {answer.UploadedRecords} records");
        }

        JObject stored = client.QueryAsync(connection.ConnectionId, "2", null, CancellationToken.None).GetAwaiter().GetResult();
        Require((string?)stored["name"] == "Bob" && (string?)stored["tier"] == $"silver-{uploads - 1}", $"the stored record is {stored.ToString(Formatting.None)}");
        Require(retries > 0, "no attempt was retried: the fault injection did not happen");
        return $"{uploads} uploads of {records.Count} records stored after {retries} retries; record 2 read back";
    }

    private string SignsJwt()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new SecureRandom(), 2048));
        var pair = generator.GenerateKeyPair();
        var pem = new StringWriter();
        new PemWriter(pem).WriteObject(pair.Private);
        string keyPath = Path.Combine(_work, "monetate.pem");
        File.WriteAllText(keyPath, pem.ToString());

        MonetatePrivateKey key = MonetatePrivateKey.FromFile(keyPath);
        string jwt = MonetateJwt.Create("mono-user", key, DateTimeOffset.UtcNow);
        string[] parts = jwt.Split('.');
        Require(parts.Length == 3, $"the JWT has {parts.Length} parts");
        var claims = JObject.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[1])));
        Require((string?)claims["username"] == "mono-user", $"the claims are {claims.ToString(Formatting.None)}");

        var publicKey = (RsaKeyParameters)pair.Public;
        using var rsa = new RSACryptoServiceProvider();
        rsa.ImportParameters(new RSAParameters { Modulus = publicKey.Modulus.ToByteArrayUnsigned(), Exponent = publicKey.Exponent.ToByteArrayUnsigned() });
        bool valid = rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), CryptoConfig.MapNameToOID("SHA256"), FromBase64Url(parts[2]));
        Require(valid, "the runtime's RSA does not verify the signature");
        return $"RS256 over {key.KeySize}-bit key, {jwt.Length} characters, verified by {rsa.GetType().Name}";
    }

    private static string NothingLoadedFromElsewhere()
    {
        var ours = AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => !assembly.IsDynamic && Program.Shipped.ContainsKey(assembly.GetName().Name!))
            .ToList();
        var elsewhere = ours.Where(assembly => FolderOf(assembly) != Program.DependencyFolder).Select(assembly => assembly.Location).ToList();
        Require(elsewhere.Count == 0, $"loaded from elsewhere: {string.Join(", ", elsewhere)}");
        string answered = Program.Bridged.Count == 0 ? "none" : string.Join(", ", Program.Bridged.Distinct());
        return $"{ours.Count} assemblies, all from {Program.DependencyFolder}; requests the handler answered: {answered}";
    }

    private string WriteCsv()
    {
        string path = Path.Combine(_work, "customers.csv");
        File.WriteAllText(path, "customer_id,name,tier\n1,Ann,gold\n2,Bob,silver\n3,Cy,gold\n");
        return path;
    }

    private static List<Dictionary<string, object?>> ReadCsv(string path)
    {
        var records = new List<Dictionary<string, object?>>();
        using RecordFileReader reader = RecordFileReader.Open(path, RecordFileFormat.Csv);
        while (reader.Read() is FileRecord record)
        {
            Require(record.Fields is not null, $"{record}: {record.Error}");
            records.Add(record.Fields!.ToDictionary(field => field.Key, field => field.Value));
        }

        return records;
    }

    private static string FolderOf(Assembly assembly) => Path.GetFullPath(Path.GetDirectoryName(assembly.Location) ?? string.Empty);

    private static byte[] FromBase64Url(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    private static void Require(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }
}
