using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>
/// A corpus of bad (and borderline) raw HTTP requests. Each runs against a fresh connection seeded with known records,
/// a completed batch and a reference; the emulator must answer the expected status (never 500) with a
/// <c>{"detail": ...}</c> body for errors, and a request it rejects must leave the brand's state exactly as it was.
/// Where the right status is debatable the case name states the choice (what the emulator does, when sensible).
/// </summary>
public sealed class BadInputCorpusTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string Upload = "/connections/{c}/upload_data";
    private const string Update = "/connections/{c}/update_data";
    private const string Delete = "/connections/{c}/delete_data";
    private const string Query = "/connections/{c}/query";
    private const string BatchQuery = "/connections/{c}/api_batch_query";

    // 100,000 UTF-16 characters (20 a repetition), some of them 2- to 4-byte UTF-8.
    private static readonly string _text100K = string.Concat(Enumerable.Repeat("0123456789abcdéf€😀xy", 5_000));
    private static readonly string _records5001 = Records(5001);
    private static readonly string _keys5001 = "[" + string.Join(",", Enumerable.Range(0, 5001).Select(i => $"\"k{i}\"")) + "]";

    private static readonly BadInput[] _corpus =
    [
        // Malformed or empty bodies: FastAPI's 422 at ["body"].
        new("upload: truncated JSON -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}""", 422),
        new("upload: not JSON at all -> 422", "POST", Upload, "hello, world", 422),
        new("upload: JavaScript object literal with single quotes -> 422", "POST", Upload, "{data:[{user_id:'new-1'}]}", 422),
        new("upload: trailing comma -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"},]}""", 422),
        new("upload: a comment in the JSON -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}] /* note */}""", 422),
        new("upload: empty body -> 422", "POST", Upload, "", 422),
        new("upload: chunked body with no bytes -> 422", "POST", Upload, "", 422) { Chunked = true },
        new("upload: body is JSON null -> 422", "POST", Upload, "null", 422),
        new("upload: body is the bare record array (JSON that is not the envelope) -> 422", "POST", Upload, """[{"user_id":"new-1"}]""", 422),
        new("upload: data is one object, not an array -> 422", "POST", Upload, """{"data":{"user_id":"new-1"}}""", 422),
        new("upload: data is a string -> 422", "POST", Upload, """{"data":"new-1"}""", 422),
        new("upload: data is null -> 422", "POST", Upload, """{"data":null}""", 422),
        new("upload: wrong envelope key 'records' -> 422", "POST", Upload, """{"records":[{"user_id":"new-1"}]}""", 422),
        new("upload: nesting 100 deep (over the parser's 64) -> 422", "POST", Upload, Nested(100), 422),
        new("upload: nesting 10,000 deep -> 422, no stack overflow", "POST", Upload, Nested(10_000), 422),
        new("upload: latin1 bytes, not UTF-8 -> 422", "POST", Upload, """{"data":[{"user_id":"new-1","city":"Kraków, Besançon"}]}""", 422)
        {
            Encoding = BodyEncoding.Latin1,
        },
        new("upload: a UTF-8-encoded surrogate (CESU bytes) -> 422", "POST", Upload, """{"data":[{"user_id":"new-1","v":"?"}]}""", 422)
        {
            Encoding = BodyEncoding.CesuSurrogate,
        },
        new("upload: lone high surrogate escape in the key -> 422", "POST", Upload, """{"data":[{"user_id":"new-\ud800"}]}""", 422),
        new("upload: lone low surrogate escape in a value -> 422", "POST", Upload, """{"data":[{"user_id":"new-1","v":"\udc00"}]}""", 422),
        new("upload: lone surrogate escape in a field name -> 422", "POST", Upload, """{"data":[{"user_id":"new-1","\ud83d":1}]}""", 422),

        // Record-level problems: 400 naming the index; the good records in the same request are not stored either.
        new("upload: no records -> 400", "POST", Upload, """{"data":[]}""", 400),
        new("upload: 5001 records -> 400", "POST", Upload, _records5001, 400),
        new("upload: a record that is a number -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"},42]}""", 400),
        new("upload: a record that is an array -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"},["user_id","new-2"]]}""", 400),
        new("upload: a record without the primary key after good ones -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"},{"user_id":"new-2"},{"name":"no key"}]}""", 400),
        new("upload: empty primary key -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"},{"user_id":""}]}""", 400),
        new("upload: null primary key -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"},{"user_id":null}]}""", 400),
        new("upload: object primary key -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"},{"user_id":{"id":2}}]}""", 400),
        new("upload: array primary key -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"},{"user_id":["new-2"]}]}""", 400),
        new("upload: key field differing only by case (User_Id) -> 400, names are case-sensitive", "POST", Upload, """{"data":[{"User_Id":"new-1"}]}""", 400),

        // Envelope fields of the wrong type or out of range.
        new("upload: negative ttl_seconds -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl_seconds":-1}""", 400),
        new("upload: negative ttl (guide 000's name) -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl":-1}""", 400),
        new("upload: ttl and ttl_seconds that differ -> 400", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl":60,"ttl_seconds":120}""", 400),
        new("upload: ttl as a string -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl":"3600"}""", 422),
        new("upload: ttl_seconds 1e400 -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl_seconds":1e400}""", 422),
        new("upload: ttl_seconds beyond a 64-bit integer -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl_seconds":99999999999999999999}""", 422),
        new("upload: ttl_seconds as a string -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl_seconds":"3600"}""", 422),
        new("upload: fractional ttl_seconds -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl_seconds":1.5}""", 422),
        new("upload: batch_uuid that is not a uuid -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"batch_uuid":"not-a-uuid"}""", 422),
        new("upload: batch_uuid as a number -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"batch_uuid":12345}""", 422),
        new("upload: batch_uuid one hex digit short -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"batch_uuid":"7d444840-9dc0-11d1-b245-5ffdce74fad"}""", 422),
        new("upload: batch_completed as a string -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}],"batch_completed":"yes"}""", 422),
        new("upload: into an already completed batch -> 409", "POST", Upload, """{"data":[{"user_id":"new-1"}],"batch_uuid":"{batch}"}""", 409),

        // Path, method and headers.
        new("upload: connection uuid in the path is not a uuid -> 422", "POST", "/connections/not-a-uuid/upload_data", """{"data":[{"user_id":"new-1"}]}""", 422),
        new("upload: unknown connection -> 404", "POST", "/connections/{unknown}/upload_data", """{"data":[{"user_id":"new-1"}]}""", 404),
        new("upload: another brand's connection -> 404", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 404) { Auth = Credentials.OtherBrand },
        new("upload: wrong api key -> 401", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 401) { Auth = Credentials.WrongApiKey },
        new("upload: empty api key header -> 401", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 401) { Auth = Credentials.EmptyApiKey },
        new("upload: brand key written as {uuid} in braces is another key -> 401 (keys compare exactly)", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 401)
        {
            Auth = Credentials.BracedBrandKey,
        },
        new("upload: no api key header -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 422) { Auth = Credentials.NoApiKey },
        new("upload: no brand key header -> 422", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 422) { Auth = Credentials.NoBrandKey },
        new("upload: GET on the upload route -> 405", "GET", Upload, null, 405),

        // Accepted: what the emulator stores for odd but valid input.
        new("upload: duplicate keys in one request, the last wins -> 200", "POST", Upload,
            """{"data":[{"user_id":"new-1","v":"first"},{"user_id":"new-2","v":"other"},{"user_id":"new-1","v":"last"}]}""", 200)
        {
            Then = async (api, seed) =>
            {
                Assert.Equal("""{"data":{"user_id":"new-1","v":"last"}}""", (await api.QueryAsync(seed.Connection, "new-1")).Body);
                Assert.Equal(5, await RecordCountAsync(api, seed));
            },
        },
        new("upload: number key 1 and string key \"1\" in one request are one record, the last wins -> 200", "POST", Upload,
            """{"data":[{"user_id":"1","v":"string"},{"user_id":1,"v":"number"}]}""", 200)
        {
            Then = async (api, seed) =>
            {
                Assert.Equal("""{"data":{"user_id":1,"v":"number"}}""", (await api.QueryAsync(seed.Connection, "1")).Body);
                Assert.Equal(3, await RecordCountAsync(api, seed));
            },
        },
        // A name twice in one JSON object: 422 naming it (System.Text.Json would keep both; which one is the record?).
        new("upload: the key field twice in one record -> 422 naming the key", "POST", Upload,
            """{"data":[{"user_id":"new-1","user_id":"new-2"}]}""", 422),
        new("upload: a field twice in one record, once written with a \\u escape -> 422", "POST", Upload,
            """{"data":[{"user_id":"new-1","tier":"a","\u0074ier":"b"}]}""", 422),
        new("upload: a name twice in a nested object -> 422", "POST", Upload,
            """{"data":[{"user_id":"new-1","a":{"b":1,"b":2}}]}""", 422),
        new("upload: the envelope's data twice -> 422", "POST", Upload,
            """{"data":[{"user_id":"new-1"}],"data":[{"user_id":"new-2"}]}""", 422),
        new("update: a field twice in the data -> 422", "PUT", Update,
            """[{"primary_key":"known","data":{"user_id":"known","v":1,"v":2}}]""", 422),
        new("query: primary_key twice -> 422", "POST", Query, """{"primary_key":"known","primary_key":"other"}""", 422),
        new("connections: name twice -> 422", "POST", "/connections", """{"name":"a","name":"b","primary_key":"id"}""", 422),
        new("upload: the same name in two different records is fine -> 200", "POST", Upload,
            """{"data":[{"user_id":"new-1","v":1},{"user_id":"new-2","v":2}]}""", 200),
        new("upload: nested objects, arrays and nulls are stored verbatim -> 200", "POST", Upload,
            """{"data":[{"user_id":"new-1","a":{"b":[1,{"c":null}],"d":{}},"e":[],"f":null,"g":[[[]]]}]}""", 200)
        {
            Then = async (api, seed) => Assert.Equal(
                """{"data":{"user_id":"new-1","a":{"b":[1,{"c":null}],"d":{}},"e":[],"f":null,"g":[[[]]]}}""",
                (await api.QueryAsync(seed.Connection, "new-1")).Body),
        },
        new("upload: numbers beyond double precision are stored as sent -> 200", "POST", Upload,
            """{"data":[{"user_id":"new-1","big":123456789012345678901234567890,"huge":1e400,"pi":3.14159265358979323846264338327950288,"tiny":-1e-400}]}""", 200)
        {
            Then = async (api, seed) => Assert.Equal(
                """{"data":{"user_id":"new-1","big":123456789012345678901234567890,"huge":1e400,"pi":3.14159265358979323846264338327950288,"tiny":-1e-400}}""",
                (await api.QueryAsync(seed.Connection, "new-1")).Body),
        },
        new("upload: a 30-digit number as the key is the key's exact text -> 200", "POST", Upload,
            """{"data":[{"user_id":123456789012345678901234567890,"v":"big key"}]}""", 200)
        {
            Then = async (api, seed) =>
            {
                (await api.QueryAsync(seed.Connection, "123456789012345678901234567890")).Expect(HttpStatusCode.OK);
                (await api.PostAsync($"/connections/{seed.Connection}/query", """{"primary_key":123456789012345678901234567890}""")).Expect(HttpStatusCode.OK);
                // Not rounded to a double: the nearest double's text is another key.
                (await api.QueryAsync(seed.Connection, "1.2345678901234568E+29")).Expect(HttpStatusCode.NotFound);
            },
        },
        new("upload: a 100 KB string value round-trips -> 200", "POST", Upload, $$"""{"data":[{"user_id":"new-1","text":"{{_text100K}}"}]}""", 200)
        {
            Then = async (api, seed) => Assert.Equal(
                _text100K, (await api.QueryAsync(seed.Connection, "new-1")).Json["data"]!["text"]!.GetValue<string>()),
        },
        new("upload: a 100 KB string as the key -> 200", "POST", Upload, $$"""{"data":[{"user_id":"{{_text100K}}","v":"long key"}]}""", 200)
        {
            Then = async (api, seed) => Assert.Equal(
                "long key", (await api.QueryAsync(seed.Connection, _text100K)).Json["data"]!["v"]!.GetValue<string>()),
        },
        new("upload: nesting 60 deep (within the parser's 64) -> 200", "POST", Upload, Nested(60), 200),
        new("upload: escaped surrogate pair (an emoji) and a NUL in the key -> 200", "POST", Upload,
            """{"data":[{"user_id":"new-\ud83d\ude00\u0000","v":"emoji"}]}""", 200)
        {
            Then = async (api, seed) => Assert.Equal(
                "emoji", (await api.QueryAsync(seed.Connection, "new-😀\0")).Json["data"]!["v"]!.GetValue<string>()),
        },
        new("upload: whitespace-only key is accepted as a string key -> 200 (the cmdlets refuse it as empty)", "POST", Upload,
            """{"data":[{"user_id":"   ","v":"spaces"}]}""", 200),
        new("upload: UTF-8 byte-order mark before the body -> 200", "POST", Upload, """{"data":[{"user_id":"new-1","city":"Kraków"}]}""", 200)
        {
            Encoding = BodyEncoding.Utf8WithBom,
            Then = async (api, seed) => Assert.Equal(
                "Kraków", (await api.QueryAsync(seed.Connection, "new-1")).Json["data"]!["city"]!.GetValue<string>()),
        },
        // A body whose Content-Type is not JSON: 422 as FastAPI answers it (the body is then bytes, not the object).
        new("upload: content-type text/plain -> 422 (FastAPI's answer, not 415)", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 422)
        {
            ContentType = "text/plain",
        },
        new("upload: content-type application/x-www-form-urlencoded (Invoke-RestMethod's default) -> 422", "POST", Upload,
            """{"data":[{"user_id":"new-1"}]}""", 422)
        {
            ContentType = "application/x-www-form-urlencoded",
        },
        new("update: content-type text/csv -> 422", "PUT", Update, """[{"primary_key":"known","data":{"v":1}}]""", 422)
        {
            ContentType = "text/csv",
        },
        new("connections: content-type application/xml -> 422", "POST", "/connections", """{"name":"x","primary_key":"id"}""", 422)
        {
            ContentType = "application/xml",
        },
        new("upload: content-type Application/JSON (media types ignore case), charset utf-8 -> 200", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 200)
        {
            ContentType = "Application/JSON",
        },
        new("upload: content-type application/vnd.example+json (a JSON suffix) -> 200", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 200)
        {
            ContentType = "application/vnd.example+json",
        },
        new("upload: no content-type header is read as JSON anyway -> 200", "POST", Upload, """{"data":[{"user_id":"new-1"}]}""", 200)
        {
            ContentType = null,
        },
        new("upload: unknown envelope fields are ignored -> 200", "POST", Upload, """{"data":[{"user_id":"new-1"}],"priority":"high"}""", 200),
        new("upload: ttl_seconds at the 64-bit maximum never overflows -> 200", "POST", Upload,
            """{"data":[{"user_id":"new-1"}],"ttl_seconds":9223372036854775807}""", 200)
        {
            Then = async (api, seed) => (await api.QueryAsync(seed.Connection, "new-1")).Expect(HttpStatusCode.OK),
        },
        new("upload: whole-number float ttl_seconds 3600.0 -> 200 (as pydantic)", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl_seconds":3600.0}""", 200),
        new("upload: ttl (guide 000's name for ttl_seconds) -> 200", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl":3600}""", 200),
        new("upload: ttl and ttl_seconds that agree -> 200", "POST", Upload, """{"data":[{"user_id":"new-1"}],"ttl":3600,"ttl_seconds":3600}""", 200),
        new("upload: open batch with the maximum ttl stays invisible -> 200, nothing changes", "POST", Upload,
            """{"data":[{"user_id":"new-1"}],"ttl_seconds":9223372036854775807,"batch_completed":false}""", 200)
        {
            ChangesNothingVisible = true,
        },

        // update_data
        new("update: body is an object, not the item array -> 422", "PUT", Update, """{"primary_key":"known","data":{"v":"x"}}""", 422),
        new("update: no items -> 400", "PUT", Update, "[]", 400),
        new("update: 5001 items -> 400", "PUT", Update, "[" + string.Join(",", Enumerable.Repeat("""{"primary_key":"known","data":{"v":"x"}}""", 5001)) + "]", 400),
        new("update: an item without primary_key -> 422", "PUT", Update, """[{"primary_key":"known","data":{"v":"x"}},{"data":{"v":"y"}}]""", 422),
        new("update: an item whose primary_key is an object -> 422", "PUT", Update, """[{"primary_key":{"id":"known"},"data":{"v":"x"}}]""", 422),
        new("update: data that is an array -> 422", "PUT", Update, """[{"primary_key":"known","data":["v","x"]}]""", 422),
        new("update: empty primary_key -> 400", "PUT", Update, """[{"primary_key":"known","data":{"v":"x"}},{"primary_key":"","data":{"v":"y"}}]""", 400),
        new("update: one unknown key among known ones -> 400, none updated", "PUT", Update,
            """[{"primary_key":"known","data":{"v":"changed"}},{"primary_key":"new-1","data":{"v":"ghost"}}]""", 400),
        new("update: data key disagreeing with primary_key -> 400", "PUT", Update, """[{"primary_key":"known","data":{"user_id":"1","v":"x"}}]""", 400),
        new("update: negative ttl -> 400", "PUT", Update, """[{"primary_key":"known","data":{"v":"x"},"ttl":-5}]""", 400),
        new("update: the same key twice, the last wins -> 200", "PUT", Update,
            """[{"primary_key":"known","data":{"v":"first"}},{"primary_key":"known","data":{"v":"last"}}]""", 200)
        {
            Then = async (api, seed) => Assert.Equal(
                """{"data":{"user_id":"known","v":"last"}}""", (await api.QueryAsync(seed.Connection, "known")).Body),
        },

        // delete_data
        new("delete: primary_keys is a string -> 422", "POST", Delete, """{"primary_keys":"known"}""", 422),
        new("delete: a key that is an object -> 422", "POST", Delete, """{"primary_keys":["known",{"id":1}]}""", 422),
        new("delete: no keys -> 400", "POST", Delete, """{"primary_keys":[]}""", 400),
        new("delete: 5001 keys -> 400", "POST", Delete, $$"""{"primary_keys":{{_keys5001}}}""", 400),
        new("delete: one unknown key among known ones -> 400, none deleted", "POST", Delete, """{"primary_keys":["known",1,"new-1"]}""", 400),

        // query, api_batch_query, emarsys: reads never change anything.
        new("query: no primary_key -> 422", "POST", Query, """{"key":"known"}""", 422),
        new("query: null primary_key -> 422", "POST", Query, """{"primary_key":null}""", 422),
        new("query: object primary_key -> 422", "POST", Query, """{"primary_key":{"user_id":"known"}}""", 422),
        new("query: unknown key -> 404", "POST", Query, """{"primary_key":"new-1"}""", 404),
        new("query: the key 1e400 is its text, not infinity -> 404", "POST", Query, """{"primary_key":1e400}""", 404),
        new("query: placeholder_values holding an array -> 422", "POST", Query, """{"primary_key":"known","placeholder_values":{"a":[1]}}""", 422),
        new("batch query: no queries -> 400", "POST", BatchQuery, """{"queries":[]}""", 400),
        new("batch query: queries is an object -> 422", "POST", BatchQuery, """{"queries":{"primary_key":"known"}}""", 422),
        new("batch query: 5001 queries -> 400", "POST", BatchQuery,
            """{"queries":[""" + string.Join(",", Enumerable.Repeat("""{"primary_key":"known"}""", 5001)) + "]}", 400),
        new("emarsys: lone surrogate in the key -> 422", "POST", "/connections/{c}/external-content/emarsys", """{"primary_key":"\udfff"}""", 422),

        // connections and references
        new("connections: empty name -> 422", "POST", "/connections", """{"name":"","primary_key":"id"}""", 422),
        new("connections: no primary_key -> 422", "POST", "/connections", """{"name":"n"}""", 422),
        new("connections: primary_key that is an object -> 422", "POST", "/connections", """{"name":"n","primary_key":{"field":"id"}}""", 422),
        new("connections: name with a lone surrogate -> 422", "POST", "/connections", """{"name":"\ud800","primary_key":"id"}""", 422),
        new("connections: external_api_details without url or http_method -> 422", "POST", "/connections",
            """{"name":"n","primary_key":"id","external_api_details":{"ttl":-1}}""", 422),
        new("connections: changing the primary_key -> 400", "PUT", "/connections/{c}", """{"name":"renamed","primary_key":"customer_id"}""", 400),
        new("connections: renaming to a number -> 422", "PUT", "/connections/{c}", """{"name":42}""", 422),
        new("connections: deleting a malformed uuid -> 422", "DELETE", "/connections/{c}x", null, 422),
        new("references: empty reference_type -> 422", "POST", "/connections/{c}/references", """{"reference_type":"","reference_id":"m-1"}""", 422),
        new("references: deleting a malformed reference uuid -> 422", "DELETE", "/connections/{c}/references/{ref}-0", null, 422),
        new("references: deleting an unknown reference -> 404", "DELETE", "/connections/{c}/references/{unknown}", null, 404),
    ];

    private static readonly Dictionary<string, BadInput> _byName = _corpus.ToDictionary(item => item.Name, StringComparer.Ordinal);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private ApiClient Api => fixture.Main;

    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var item in _corpus)
            {
                data.Add(item.Name);
            }
            return data;
        }
    }

    [Fact]
    public void The_corpus_has_at_least_35_distinct_cases()
    {
        Assert.True(_corpus.Length >= 35, $"{_corpus.Length} cases");
        Assert.Equal(_corpus.Length, _byName.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_answered_without_a_500_and_a_rejected_request_changes_nothing(string name)
    {
        var input = _byName[name];
        var seed = await SeedAsync();
        var before = await SnapshotAsync(seed);

        var response = await SendAsync(input, seed);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
        response.Expect((HttpStatusCode)input.Status);
        if (input.Status >= 400)
        {
            Assert.NotNull(response.Json["detail"]);
        }
        if (input.Status >= 400 || input.ChangesNothingVisible)
        {
            var after = await SnapshotAsync(seed);
            Assert.Equal(before.Connections, after.Connections);
            Assert.Equal(before.Schema, after.Schema);
            Assert.Equal(before.Records, after.Records);
            Assert.Equal(before.References, after.References);
        }
        if (input.Then is { } then)
        {
            await then(Api, seed);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A connection keyed by user_id with two records, a completed batch (one more record) and a reference.</summary>
    private async Task<Seed> SeedAsync()
    {
        var connection = await Api.CreateConnectionAsync("user_id", "bad input");
        await Api.UploadRecordsAsync(connection, new { user_id = "known", v = "original", nested = new { a = new[] { 1, 2 } } }, new { user_id = 1, v = "one" });
        var batch = Guid.NewGuid().ToString();
        (await Api.UploadAsync(connection, new { data = new[] { new { user_id = "batch-seed" } }, batch_uuid = batch })).Expect(HttpStatusCode.OK);
        var reference = (await Api.PostAsync($"/connections/{connection}/references", new { reference_type = "mail", reference_id = "m-1" }))
            .Expect(HttpStatusCode.Created).Json["reference_uuid"]!.GetValue<string>();
        return new Seed(connection, batch, reference);
    }

    /// <summary>Everything a request could have changed: the brand's connections, the schema, the records, the references.</summary>
    private async Task<Snapshot> SnapshotAsync(Seed seed)
    {
        var connections = (await Api.GetAsync("/connections")).Expect(HttpStatusCode.OK).Body;
        var schema = (await Api.GetAsync($"/connections/{seed.Connection}/schema")).Expect(HttpStatusCode.OK).Body;
        var records = (await Api.PostAsync(
            $"/connections/{seed.Connection}/api_batch_query",
            """{"queries":[{"primary_key":"known"},{"primary_key":1},{"primary_key":"batch-seed"},{"primary_key":"new-1"},{"primary_key":"new-2"}]}"""))
            .Expect(HttpStatusCode.OK).Body;
        var references = (await Api.GetAsync($"/connections/{seed.Connection}/references")).Expect(HttpStatusCode.OK).Body;
        return new Snapshot(connections, schema, records, references);
    }

    private async Task<ApiResponse> SendAsync(BadInput input, Seed seed)
    {
        var path = Fill(input.Path, seed);
        using var request = new HttpRequestMessage(new HttpMethod(input.Method), fixture.Emulator.BaseUri.ToString().TrimEnd('/') + path);
        foreach (var (header, value) in Headers(input.Auth))
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
        if (input.Body is not null)
        {
            var bytes = Encode(Fill(input.Body, seed), input.Encoding);
            request.Content = input.Chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
            if (input.ContentType is not null)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(input.ContentType) { CharSet = input.ContentType == "application/json" ? null : "utf-8" };
            }
        }
        if (input.Chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        using var response = await _http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Fill(string text, Seed seed) =>
        text.Replace("{c}", seed.Connection, StringComparison.Ordinal)
            .Replace("{batch}", seed.Batch, StringComparison.Ordinal)
            .Replace("{ref}", seed.Reference, StringComparison.Ordinal)
            .Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

    private static byte[] Encode(string body, BodyEncoding encoding) => encoding switch
    {
        BodyEncoding.Latin1 => Encoding.Latin1.GetBytes(body),
        BodyEncoding.Utf8WithBom => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(body)],
        // "?" becomes ED A0 80: U+D800 encoded as if it were a character, which UTF-8 forbids.
        BodyEncoding.CesuSurrogate => [.. Encoding.UTF8.GetBytes(body).SelectMany(b => b == (byte)'?' ? new byte[] { 0xED, 0xA0, 0x80 } : [b])],
        _ => Encoding.UTF8.GetBytes(body),
    };

    private static IEnumerable<(string Name, string Value)> Headers(Credentials credentials)
    {
        var (brandKey, apiKey) = credentials == Credentials.OtherBrand ? TestBrands.Other : TestBrands.Main;
        if (credentials != Credentials.NoBrandKey)
        {
            yield return ("x-brand-key", credentials == Credentials.BracedBrandKey ? "{" + brandKey + "}" : brandKey);
        }
        if (credentials != Credentials.NoApiKey)
        {
            yield return ("x-api-key", credentials switch
            {
                Credentials.WrongApiKey => "not-the-api-key",
                Credentials.EmptyApiKey => "",
                _ => apiKey,
            });
        }
    }

    private static async Task<long> RecordCountAsync(ApiClient api, Seed seed) =>
        (await api.GetAsync($"/connections/{seed.Connection}/schema")).Expect(HttpStatusCode.OK).Json["record_count"]!.GetValue<long>();

    private static string Records(int count) =>
        """{"data":[""" + string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"user_id":"new-{{i}}"}""")) + "]}";

    /// <summary>An upload whose one record holds a value <paramref name="arrays"/> arrays deep (the record sits 3 deep).</summary>
    private static string Nested(int arrays) =>
        $$"""{"data":[{"user_id":"new-1","n":{{new string('[', arrays)}}{{new string(']', arrays)}}}]}""";

    private enum Credentials
    {
        Main,
        OtherBrand,
        WrongApiKey,
        EmptyApiKey,
        BracedBrandKey,
        NoApiKey,
        NoBrandKey,
    }

    private enum BodyEncoding
    {
        Utf8,
        Utf8WithBom,
        Latin1,
        CesuSurrogate,
    }

    private sealed record Seed(string Connection, string Batch, string Reference);

    private sealed record Snapshot(string Connections, string Schema, string Records, string References);

    /// <summary>
    /// One raw request: <see cref="Path"/> and <see cref="Body"/> may hold {c} (the seeded connection), {batch} (its
    /// completed batch), {ref} (its reference) and {unknown} (a fresh uuid).
    /// </summary>
    private sealed record BadInput(string Name, string Method, string Path, string? Body, int Status)
    {
        public Credentials Auth { get; init; } = Credentials.Main;

        public string? ContentType { get; init; } = "application/json";

        public BodyEncoding Encoding { get; init; } = BodyEncoding.Utf8;

        public bool Chunked { get; init; }

        /// <summary>An accepted request that must still leave every visible thing as it was (an open batch).</summary>
        public bool ChangesNothingVisible { get; init; }

        /// <summary>What an accepted request must have stored.</summary>
        public Func<ApiClient, Seed, Task>? Then { get; init; }
    }
}
