using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>
/// Eight writers upload to one connection at once, on overlapping keys, each with its own values. A writer's
/// <em>unit</em> is what becomes visible at once: one completed request (even writers) or a batch of three requests,
/// two staged and one completing (odd writers). Every record names its writer, unit and a sequence number taken from a
/// shared counter when the unit is sent, and carries fields only its writer uses, so a record mixed from two versions
/// cannot pass for a sent one.
/// <para>
/// The check is exact: every key holds, byte for byte in meaning, one version that was sent for it; and there is one
/// order of all units, keeping each writer's own order, in which every key's stored version is the last one written to
/// it. That order exists if and only if the graph "unit V was applied before unit U" (V also wrote a key whose stored
/// version is U's, or V precedes U in its writer) has no cycle: the emulator applied the units one transaction at a time.
/// </para>
/// </summary>
public sealed class ConcurrentWritersTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const int Writers = 8;
    private const int UnitsPerWriter = 12;
    private const int Keys = 200;

    private ApiClient Api => fixture.Main;

    [Fact]
    public async Task Eight_writers_on_overlapping_keys_leave_every_key_one_whole_version_in_one_serial_order()
    {
        var connection = await Api.CreateConnectionAsync("user_id", "concurrent writers");
        var sequence = 0;
        var units = new ConcurrentDictionary<(int Writer, int Unit), Unit>();
        var versions = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = 0;

        async Task WriteAsync(int writer)
        {
            await start.Task;
            for (var index = 0; index < UnitsPerWriter; index++)
            {
                var seq = Interlocked.Increment(ref sequence);
                var unit = NewUnit(writer, index, seq);
                units[(writer, index)] = unit;
                foreach (var record in unit.Records.Values)
                {
                    versions.TryAdd(Canonical(record), 0);
                }
                if (writer % 2 == 0)
                {
                    (await Api.UploadAsync(connection, Body(unit.Records.Values, batch: null, completed: true))).Expect(HttpStatusCode.OK);
                    continue;
                }
                // Three requests of one batch with disjoint keys; only the third makes any of them visible.
                var batch = Guid.NewGuid();
                var parts = unit.Records.Values.Select((record, i) => (record, i)).GroupBy(pair => pair.i % 3, pair => pair.record).ToList();
                for (var part = 0; part < parts.Count; part++)
                {
                    (await Api.UploadAsync(connection, Body(parts[part], batch, completed: part == parts.Count - 1))).Expect(HttpStatusCode.OK);
                }
            }
        }

        // A reader alongside: whatever it sees is always one whole version that was sent, never a mix.
        async Task<int> ReadAsync()
        {
            var reads = 0;
            var everyKey = QueryBody(Enumerable.Range(0, Keys).Select(Key));
            while (Volatile.Read(ref done) == 0)
            {
                var results = (await Api.PostAsync($"/connections/{connection}/api_batch_query", everyKey)).Expect(HttpStatusCode.OK)
                    .Json["results"]!.AsArray();
                foreach (var result in results)
                {
                    if (result!["data"] is { } data)
                    {
                        Assert.True(versions.ContainsKey(data.ToJsonString()), $"A reader saw a record that was never sent: {data.ToJsonString()}");
                    }
                }
                reads++;
            }
            return reads;
        }

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteAsync(writer))).ToArray();
        var reader = Task.Run(ReadAsync);
        start.SetResult();
        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            Volatile.Write(ref done, 1);
        }
        Assert.True(await reader > 0);

        // No key lost, none extra.
        var schema = (await Api.GetAsync($"/connections/{connection}/schema")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(Keys, schema["record_count"]!.GetValue<long>());

        // Each key holds exactly one sent version: find the unit it came from.
        var stored = (await Api.PostAsync($"/connections/{connection}/api_batch_query", QueryBody(Enumerable.Range(0, Keys).Select(Key))))
            .Expect(HttpStatusCode.OK).Json["results"]!.AsArray();
        var winner = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var result in stored)
        {
            var key = result!["primary_key"]!.GetValue<string>();
            var data = result["data"] ?? throw new Xunit.Sdk.XunitException($"Key {key} was lost: {result.ToJsonString()}");
            var writer = data["writer"]!.GetValue<int>();
            var index = data["unit"]!.GetValue<int>();
            Assert.True(units.TryGetValue((writer, index), out var unit), $"Key {key} names a unit nobody sent: {data.ToJsonString()}");
            Assert.True(unit.Records.TryGetValue(key, out var sent), $"Key {key} holds writer {writer} unit {index}, which did not write it");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(sent), data), $"Key {key} holds a record mixed from several versions: {data.ToJsonString()}; sent {sent}");
            winner[key] = unit;
        }
        Assert.Equal(Keys, winner.Count);

        // The stored versions come from one serial order of the units.
        var before = units.Keys.ToDictionary(id => id, _ => new HashSet<(int, int)>());
        foreach (var ((writer, index), unit) in units)
        {
            if (index > 0)
            {
                before[(writer, index)].Add((writer, index - 1));
            }
            foreach (var key in unit.Records.Keys)
            {
                var last = winner[key];
                if (!ReferenceEquals(last, unit))
                {
                    before[(last.Writer, last.Index)].Add((writer, index));
                }
            }
        }
        var order = TopologicalOrder(before);
        Assert.True(order.Count == units.Count, $"No serial order of the units explains the stored records; these units form a cycle: {string.Join(", ", units.Keys.Except(order))}");
    }

    private static string Key(int i) => $"k{i:D3}";

    /// <summary>
    /// A unit's records: the keys of the writer's own residue class in its first unit (so every key is written), then
    /// 40 to 120 keys picked by a seeded random, all overlapping with the other writers.
    /// </summary>
    private static Unit NewUnit(int writer, int index, int seq)
    {
        var random = new Random((writer * 1000) + index);
        var keys = new SortedSet<int>(Enumerable.Range(0, random.Next(40, 121)).Select(_ => random.Next(Keys)));
        if (index == 0)
        {
            keys.UnionWith(Enumerable.Range(0, Keys).Where(k => k % Writers == writer));
        }
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            var key = Key(k);
            // Field names and the padding differ by writer: a record stitched from two versions matches neither.
            records[key] = $$"""{"user_id":"{{key}}","writer":{{writer}},"unit":{{index}},"seq":{{seq}},"w{{writer}}_a":"{{writer}}-{{index}}-{{key}}","w{{writer}}_b":[{{writer}},{{index}},{{seq}}],"pad":"{{new string((char)('a' + writer), 20 + (seq % 50))}}"}""";
        }
        return new Unit(writer, index, seq, records);
    }

    private static string Body(IEnumerable<string> records, Guid? batch, bool completed)
    {
        var body = new StringBuilder("""{"data":[""").AppendJoin(',', records).Append(']');
        if (batch is { } uuid)
        {
            body.Append($$""","batch_uuid":"{{uuid}}","batch_completed":{{(completed ? "true" : "false")}}""");
        }
        return body.Append('}').ToString();
    }

    private static string QueryBody(IEnumerable<string> keys) =>
        """{"queries":[""" + string.Join(",", keys.Select(key => $$"""{"primary_key":"{{key}}"}""")) + "]}";

    private static string Canonical(string json) => JsonNode.Parse(json)!.ToJsonString();

    /// <summary>Kahn's algorithm over "must come after" sets; a shorter result than the input means a cycle.</summary>
    private static List<(int, int)> TopologicalOrder(Dictionary<(int, int), HashSet<(int, int)>> before)
    {
        var pending = before.ToDictionary(pair => pair.Key, pair => pair.Value.Count);
        var after = before.Keys.ToDictionary(id => id, _ => new List<(int, int)>());
        foreach (var (id, predecessors) in before)
        {
            foreach (var predecessor in predecessors)
            {
                after[predecessor].Add(id);
            }
        }
        var ready = new Queue<(int, int)>(pending.Where(pair => pair.Value == 0).Select(pair => pair.Key));
        var order = new List<(int, int)>();
        while (ready.TryDequeue(out var id))
        {
            order.Add(id);
            foreach (var next in after[id])
            {
                if (--pending[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }
        return order;
    }

    private sealed record Unit(int Writer, int Index, int Seq, IReadOnlyDictionary<string, string> Records);
}
