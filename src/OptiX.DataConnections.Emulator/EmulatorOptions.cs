using System.Globalization;
using OptiX.DataConnections.Emulator.Faults;

namespace OptiX.DataConnections.Emulator;

public sealed class EmulatorOptions
{
    public const string DevelopmentBrandKey = "11111111-1111-4111-8111-111111111111";
    public const string DevelopmentApiKey = "optix-emulator-dev-api-key";
    public const long DefaultMaxRequestBodyBytes = 64L * 1024 * 1024;

    public const string Usage =
        "Usage: OptiX.DataConnections.Emulator [--port N] [--data PATH] [--brand BRANDKEY=APIKEY]... [--brand-file PATH]"
        + " [--exit-on-stdin-close] [--parent-pid PID] [--faults SPEC] [--admin-key KEY] [--admin-key-file PATH]"
        + " [--monetate-user NAME=PUBLIC_KEY.pem]... [--retailer SHORTNAME]"
        + " [--answer-shape documented|variant]";

    /// <summary>Brands the emulator reads from its environment when no --brand or --brand-file is given: <c>BRANDKEY=APIKEY</c> lines or ';'-separated pairs.</summary>
    public const string BrandsVariable = "DCEMULATOR_BRANDS";

    /// <summary>The admin key the emulator reads from its environment when no --admin-key or --admin-key-file is given.</summary>
    public const string AdminKeyVariable = "DCEMULATOR_ADMIN_KEY";

    public const string DefaultRetailer = "emulator";

    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>The SQLite file; null creates a temporary file that is deleted at dispose.</summary>
    public string? DataPath { get; set; }

    /// <summary>brandKey -> apiKey; empty means the one development pair.</summary>
    public IDictionary<string, string> Brands { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// For the executable only (<see cref="EmulatorHost"/> ignores it): stop when standard input reaches its end,
    /// so a parent process that closes the pipe, or dies, takes the emulator down with it.
    /// </summary>
    public bool ExitOnStdinClose { get; set; }

    /// <summary>
    /// For the executable only: the process (a shell) that owns the emulator. The emulator leaves that process's
    /// group (so the terminal's Ctrl+C does not reach it), ignores SIGINT, and stops when that process exits.
    /// </summary>
    public int? ParentProcessId { get; set; }

    /// <summary>
    /// Faults to inject from the start, e.g. <c>upload_data:429=0.1,500=0.05,drop=0.05,latency=50-200;*:latency=10;seed=42</c>
    /// (grammar: <see cref="FaultSpec"/>; invalid text makes <see cref="EmulatorHost.StartAsync"/> throw an
    /// <see cref="ArgumentException"/>). Null: none. <c>PUT /admin/faults</c> changes them at run time.
    /// </summary>
    public string? Faults { get; set; }

    /// <summary>The <c>x-admin-key</c> the <c>/admin</c> routes need; null picks a random one (<see cref="RunningEmulator.AdminKey"/>).</summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Monetate API user name -> its RSA public key: PEM text (<c>-----BEGIN PUBLIC KEY-----</c>) or the path of a PEM
    /// file. <see cref="Parse"/> stores the text it read.
    /// </summary>
    public IDictionary<string, string> MonetateUsers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The retailer short name in Monetate Data API paths (<c>/api/data/v1/{retailer}/production</c>).</summary>
    public string Retailer { get; set; } = DefaultRetailer;

    /// <summary>How the Opti-X routes shape the answers the guides do not show (see <see cref="Http.AnswerShape"/>).</summary>
    public Http.AnswerShape AnswerShape { get; set; } = Http.AnswerShape.Documented;

    internal long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>The memory all request bodies may hold at once (<see cref="Json.BodyBudget"/>).</summary>
    internal long MaxBodyMemoryBytes { get; set; } = DefaultMaxBodyMemoryBytes;

    /// <summary>How long a request waits for body memory before it is answered 503 with Retry-After.</summary>
    internal TimeSpan MaxBodyWait { get; set; } = TimeSpan.FromSeconds(30);

    public const long DefaultMaxBodyMemoryBytes = 768L * 1024 * 1024;

    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal IReadOnlyDictionary<string, string> EffectiveBrands() =>
        Brands.Count > 0
            ? new Dictionary<string, string>(Brands, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal) { [DevelopmentBrandKey] = DevelopmentApiKey };

    /// <summary>The options from the command line, then brands and admin key from the environment if the command line gave none.</summary>
    public static EmulatorOptions Parse(string[] args) => Parse(args, Environment.GetEnvironmentVariable);

    internal static EmulatorOptions Parse(string[] args, Func<string, string?> environment)
    {
        var options = ParseArguments(args);
        if (options.Brands.Count == 0 && environment(BrandsVariable) is { Length: > 0 } brands)
        {
            AddBrands(options, brands, $"${BrandsVariable}");
        }
        if (options.AdminKey is null && environment(AdminKeyVariable) is { Length: > 0 } adminKey)
        {
            options.AdminKey = ParseAdminKey(adminKey.Trim(), $"${AdminKeyVariable}");
        }
        return options;
    }

    private static EmulatorOptions ParseArguments(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--port":
                    options.Port = ParsePort(ValueOf(args, ref i));
                    break;
                case "--data":
                    options.DataPath = ParseDataPath(ValueOf(args, ref i));
                    break;
                case "--brand":
                    AddBrand(options, ValueOf(args, ref i));
                    break;
                case "--faults":
                    options.Faults = ValueOf(args, ref i);
                    ParseFaults(options.Faults);
                    break;
                case "--brand-file":
                    AddBrands(options, ReadKeyFile(ValueOf(args, ref i), "--brand-file"), "--brand-file");
                    break;
                case "--admin-key":
                    options.AdminKey = ParseAdminKey(ValueOf(args, ref i), "--admin-key");
                    break;
                case "--admin-key-file":
                    options.AdminKey = ParseAdminKey(ReadKeyFile(ValueOf(args, ref i), "--admin-key-file").Trim(), "--admin-key-file");
                    break;
                case "--parent-pid":
                    options.ParentProcessId = ParseProcessId(ValueOf(args, ref i));
                    break;
                case "--monetate-user":
                    Monetate.MonetateUserOption.Add(options.MonetateUsers, ValueOf(args, ref i));
                    break;
                case "--retailer":
                    options.Retailer = Monetate.MonetateUserOption.ParseRetailer(ValueOf(args, ref i));
                    break;
                case "--answer-shape":
                    options.AnswerShape = ParseAnswerShape(ValueOf(args, ref i));
                    break;
                case "--exit-on-stdin-close":
                    options.ExitOnStdinClose = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{name}'. {Usage}");
            }
        }
        return options;
    }

    private static string ValueOf(string[] args, ref int index)
    {
        var name = args[index];
        if (index + 1 >= args.Length || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Option {name} needs a value. {Usage}");
        }
        index++;
        return args[index];
    }

    private static int ParsePort(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535)
        {
            throw new ArgumentException($"--port must be a number from 0 to 65535 (0 picks a free port), not '{value}'.");
        }
        return port;
    }

    private static string ParseDataPath(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("--data needs a file path.");
        }
        return value;
    }

    /// <summary>The spec, or null for none; invalid text is an <see cref="ArgumentException"/>.</summary>
    internal static FaultSpec? ParseFaults(string? text)
    {
        if (text is null)
        {
            return null;
        }
        try
        {
            return FaultSpec.Parse(text);
        }
        catch (FormatException exception)
        {
            throw new ArgumentException($"--faults: {exception.Message}", exception);
        }
    }

    private static Http.AnswerShape ParseAnswerShape(string value) =>
        Enum.TryParse<Http.AnswerShape>(value, ignoreCase: true, out var shapes) && Enum.IsDefined(shapes)
            ? shapes
            : throw new ArgumentException($"--answer-shape must be documented or variant, not '{value}'.");

    private static string ParseAdminKey(string value, string source) =>
        string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace)
            ? throw new ArgumentException($"{source} needs a key without spaces.")
            : value;

    private static int ParseProcessId(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new ArgumentException($"--parent-pid must be a process id, not '{value}'.");

    /// <summary>The text of a key file; a file that cannot be read is named, its content never is.</summary>
    private static string ReadKeyFile(string path, string option)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{option}: cannot read '{path}': {exception.Message}", exception);
        }
    }

    /// <summary><c>BRANDKEY=APIKEY</c> pairs, one a line or separated by ';'; blank lines and lines starting with '#' are skipped.</summary>
    private static void AddBrands(EmulatorOptions options, string text, string source)
    {
        var count = 0;
        foreach (var line in text.Split(['\n', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith('#'))
            {
                AddBrand(options, line, source, echo: false);
                count++;
            }
        }
        if (count == 0)
        {
            throw new ArgumentException($"{source} holds no BRANDKEY=APIKEY pair.");
        }
    }

    private static void AddBrand(EmulatorOptions options, string value, string source = "--brand", bool echo = true)
    {
        var separator = value.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0 || separator == value.Length - 1)
        {
            // A pair read from a file or the environment is a secret: say where, never what.
            throw new ArgumentException(echo
                ? $"{source} must look like BRANDKEY=APIKEY, not '{value}'."
                : $"{source}: every pair must look like BRANDKEY=APIKEY.");
        }
        var brandKey = value[..separator].Trim();
        var apiKey = value[(separator + 1)..].Trim();
        if (!options.Brands.TryAdd(brandKey, apiKey))
        {
            throw new ArgumentException($"{source}: brand '{brandKey}' is given more than once.");
        }
    }
}
