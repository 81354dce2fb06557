using System.Diagnostics;
using System.Globalization;
using System.Security;
using OptiX.DataConnections.Files;
using OptiX.DataConnections.Models;
using OptiX.DataConnections.OptiX;
using OptiX.DataConnections.Upload;

namespace OptiX.DataConnections.Bench;

/// <summary>
/// Where the time of <c>Send-DCData -Path</c> goes, stage by stage on the same file: the core's public API alone
/// (a) reading the CSV, (b) plus the engine in dry run, (c) plus HTTP to the discard endpoint; then whole pwsh
/// processes: start-up, Import-Module, <c>Send-DCData -Path -WhatIf</c> and <c>Send-DCData -Path</c>.
/// </summary>
internal static class Profile
{
    private const string ApiKey = "optix-emulator-dev-api-key";
    private const string BrandKey = "11111111-1111-4111-8111-111111111111";

    private sealed record Stage(string Id, string What, double First, double Best, bool PerRecord);

    public static async Task<int> RunAsync(Arguments args)
    {
        var csv = Path.GetFullPath(args.Get("csv"));
        var runs = Math.Max(1, args.GetInt("runs", 2));
        var throttle = args.GetInt("throttle", UploadOptions.DefaultThrottleLimit);
        using var discard = args.Find("base-uri") is null ? DiscardProcess.Start() : null;
        var baseUri = discard?.BaseUri ?? new Uri(args.Get("base-uri"));
        var connection = new Connection { ConnectionId = Guid.NewGuid(), Name = "profile", PrimaryKey = "customer_id" };
        using var client = new OptiXClient(baseUri, new OptiXCredentials(Secure(ApiKey), Secure(BrandKey)));

        // The first run of (a) counts the records the later stages must match; it runs cold, as a cmdlet's first call does.
        long rows = -1;
        var stages = new List<Stage> { await TimeAsync("a", "read and parse the CSV (RecordFileReader.Read)", runs, () => Task.FromResult(ReadOnly(csv)), count => rows = count) };
        Console.WriteLine($"Profile of Send-DCData -Path: {rows:N0} records of {csv}, {runs} run(s) a stage, ThrottleLimit {throttle}, {Environment.ProcessorCount} cores");
        stages.Add(await TimeAsync("b", "(a) + UploadEngine, dry run (checks, JSON, bookkeeping)", runs, () => UploadAsync(csv, null, connection, throttle), Expect(rows)));
        stages.Add(await TimeAsync("c", "(b) + HTTP to the discard endpoint", runs, () => UploadAsync(csv, client, connection, throttle), Expect(rows)));

        if (args.Find("module") is { } module && args.Find("pwsh") is { } pwsh)
        {
            var pwshArguments = args.Find("pwsh-dll") is { } dll ? new[] { dll } : [];
            string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
            var connect = $"Import-Module {Quote(module)}; Connect-DCService -ApiKey '{ApiKey}' -BrandKey '{BrandKey}' -BaseUri {Quote(baseUri.ToString())} -SkipValidation";
            var send = $"Send-DCData -ConnectionId {connection.ConnectionId:D} -Path {Quote(csv)} -ThrottleLimit {throttle}";
            stages.Add(Whole("p", "pwsh start-up alone (-Command exit)", runs, pwsh, pwshArguments, "exit", perRecord: false));
            stages.Add(Whole("d", "pwsh start-up + Import-Module", runs, pwsh, pwshArguments, $"Import-Module {Quote(module)}", perRecord: false));
            stages.Add(Whole("e", "Send-DCData -Path -WhatIf, whole process", runs, pwsh, pwshArguments, $"{connect}; {send} -WhatIf | Out-Null", perRecord: true));
            stages.Add(Whole("f", "Send-DCData -Path (A), whole process", runs, pwsh, pwshArguments, $"{connect}; {send}", perRecord: true));
        }

        Print(stages, rows);
        return 0;
    }

    private static long ReadOnly(string csv)
    {
        using var reader = RecordFileReader.Open(csv, RecordFileFormat.Csv);
        long records = 0;
        while (reader.Read() is { } record)
        {
            if (record.Error is not null)
            {
                throw new InvalidDataException($"{record}: {record.Error}");
            }

            records++;
        }

        return records;
    }

    /// <summary>What the cmdlet does with each file record, less PowerShell: add, collect finished requests, complete.</summary>
    private static async Task<long> UploadAsync(string csv, OptiXClient? client, Connection connection, int throttle)
    {
        using var reader = RecordFileReader.Open(csv, RecordFileFormat.Csv);
        using var engine = OptiXUploadAdapter.Start(client, connection, new UploadOptions { DryRun = client is null, ThrottleLimit = throttle }, CancellationToken.None);
        long handedBack = 0;
        while (reader.Read() is { } record)
        {
            if (await engine.AddAsync(record, record.Fields!) is not null)
            {
                handedBack++;
            }

            if (engine.HasFinished)
            {
                handedBack += engine.TakeFinished().Sum(outcome => outcome.HandedBack.Count);
            }
        }

        var totals = await engine.CompleteAsync();
        handedBack += engine.TakeFinished().Sum(outcome => outcome.HandedBack.Count);
        if (handedBack > 0 || totals.RecordsFailed > 0 || totals.RecordsRejected > 0 || (client is not null && !totals.BatchCompleted))
        {
            throw new InvalidOperationException($"The upload handed back {handedBack:N0} record(s) ({totals.RecordsFailed:N0} failed, {totals.RecordsRejected:N0} rejected, batch completed: {totals.BatchCompleted}).");
        }

        return totals.RecordsSent;
    }

    private static Action<long> Expect(long rows) => records =>
    {
        if (records != rows)
        {
            throw new InvalidOperationException($"A stage counted {records:N0} records, the file holds {rows:N0}.");
        }
    };

    private static async Task<Stage> TimeAsync(string id, string what, int runs, Func<Task<long>> stage, Action<long> check)
    {
        var first = 0.0;
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var records = await stage();
            var seconds = watch.Elapsed.TotalSeconds;
            check(records);

            first = run == 0 ? seconds : first;
            best = Math.Min(best, seconds);
        }

        return new Stage(id, what, first, best, true);
    }

    private static Stage Whole(string id, string what, int runs, string pwsh, string[] pwshArguments, string command, bool perRecord)
    {
        var first = 0.0;
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var measured = WholeProcess.Measure(pwsh, [.. pwshArguments, "-NoProfile", "-NonInteractive", "-Command", command], null);
            if (measured.ExitCode != 0)
            {
                throw new InvalidOperationException($"Stage {id} exited with {measured.ExitCode}: {command}");
            }

            first = run == 0 ? measured.WallSeconds : first;
            best = Math.Min(best, measured.WallSeconds);
        }

        return new Stage(id, what, first, best, perRecord);
    }

    private static void Print(List<Stage> stages, long rows)
    {
        string Us(double seconds) => (seconds / rows * 1e6).ToString("0.00", CultureInfo.InvariantCulture);
        string S(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"{"stage",-5} {"what",-58} {"first s",8} {"best s",8} {"µs/rec",8}");
        foreach (var stage in stages)
        {
            Console.WriteLine($"{stage.Id,-5} {stage.What,-58} {S(stage.First),8} {S(stage.Best),8} {(stage.PerRecord ? Us(stage.Best) : "-"),8}");
        }

        Stage? Of(string id) => stages.Find(stage => stage.Id == id);
        var a = Of("a")!.Best;
        var b = Of("b")!.Best;
        var c = Of("c")!.Best;
        Console.WriteLine();
        Console.WriteLine("Differences (best runs):");
        void Line(string what, double seconds, bool perRecord = true) =>
            Console.WriteLine($"  {what,-66} {S(seconds),8} s{(perRecord ? $"  {Us(seconds),7} µs/record" : string.Empty)}");
        Line("CSV reading and parsing (a)", a);
        Line("engine: key checks, JSON encoding, bookkeeping (b - a)", b - a);
        Line("HTTP, discard endpoint parsing included (c - b)", c - b);
        if (Of("p") is { } p && Of("d") is { } d && Of("e") is { } e && Of("f") is { } f)
        {
            Line("pwsh start-up (p)", p.Best, perRecord: false);
            Line("Import-Module (d - p)", d.Best - p.Best, perRecord: false);
            Line("-WhatIf after start-up and import (e - d)", e.Best - d.Best);
            // A pwsh process runs the engine once, cold: its JIT is part of what the cmdlet costs.
            Line("  beyond the core's dry run, cold (e - d - b first run)", e.Best - d.Best - Of("b")!.First);
            Line("  beyond the core's dry run, warm (e - d - b)", e.Best - d.Best - b);
            Line("HTTP inside the cmdlet (f - e)", f.Best - e.Best);
            Line("A, whole process, against the core alone (f - d - c)", f.Best - d.Best - c);
        }
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
