using System.Net;
using OptiX.DataConnections.Emulator.Http;
using OptiX.DataConnections.Emulator.Tests.Infrastructure;

namespace OptiX.DataConnections.Emulator.Tests;

/// <summary>
/// The emulator's Variant answer shapes (--answer-shape variant), route by route: another plausible reading of the
/// guides where they show no body, while the bodies they do show (create, update_data, delete_data) stay as documented.
/// </summary>
public sealed class AnswerShapeTests : IAsyncLifetime
{
    private RunningEmulator _emulator = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        var options = TestBrands.Options();
        options.AnswerShape = AnswerShape.Variant;
        _emulator = await EmulatorHost.StartAsync(options);
        _api = new ApiClient(_emulator.BaseUri, TestBrands.Main.BrandKey, TestBrands.Main.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Create_keeps_the_documented_body_with_200()
    {
        var created = (await _api.PostAsync("/connections", new { name = "c", primary_key = "user_id" })).Expect(HttpStatusCode.OK).Json;

        Assert.True(Guid.TryParse(created["data_connection_uuid"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Connections_are_wrapped_with_a_total_and_epoch_timestamps()
    {
        var id = await Create();

        var list = (await _api.GetAsync("/connections")).Expect(HttpStatusCode.OK).Json;
        var one = (await _api.GetAsync($"/connections/{id}")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(list["connections"]!.AsArray().Count, list["total"]!.GetValue<int>());
        Assert.Equal(id, one["data"]!["data_connection_uuid"]!.GetValue<string>());
        Assert.True(one["data"]!["created_at"]!.GetValue<long>() > 1_700_000_000);
    }

    [Fact]
    public async Task A_put_answers_only_its_status_and_a_delete_200()
    {
        var id = await Create();

        var put = (await _api.PutAsync($"/connections/{id}", new { name = "renamed" })).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("""{"status":"success"}""", put.ToJsonString());
        Assert.Equal("renamed", (await _api.GetAsync($"/connections/{id}")).Json["data"]!["name"]!.GetValue<string>());

        (await _api.DeleteAsync($"/connections/{id}")).Expect(HttpStatusCode.OK);
        (await _api.GetAsync($"/connections/{id}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_query_answers_the_bare_record_and_data_null_for_a_missing_key()
    {
        var id = await Create();
        await _api.UploadRecordsAsync(id, new { user_id = "1", tier = "gold" });

        var found = (await _api.QueryAsync(id, "1")).Expect(HttpStatusCode.OK).Json;
        var missing = (await _api.QueryAsync(id, "2")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("gold", found["tier"]!.GetValue<string>());
        Assert.Null(found["data"]);
        Assert.True(missing.AsObject().ContainsKey("data"));
        Assert.Null(missing["data"]);
    }

    [Fact]
    public async Task An_upload_answers_its_count_as_text_under_data_and_changes_keep_their_documented_bodies()
    {
        var id = await Create();

        var upload = (await _api.UploadAsync(id, new { data = new[] { new { user_id = "1" }, new { user_id = "2" } } })).Expect(HttpStatusCode.OK).Json;
        var update = (await _api.PutAsync($"/connections/{id}/update_data", new[] { new { primary_key = "1", data = new { user_id = "1" }, ttl = (int?)null } })).Expect(HttpStatusCode.OK).Json;
        var delete = (await _api.PostAsync($"/connections/{id}/delete_data", new { primary_keys = new[] { "2" } })).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("2", upload["data"]!["records_uploaded"]!.GetValue<string>());
        Assert.Equal(1, update["updated_records"]!.GetValue<int>());
        Assert.Equal(1, delete["deleted_records"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batch_results_are_a_bare_array_and_the_schema_maps_fields_to_types()
    {
        var id = await Create();
        await _api.UploadRecordsAsync(id, new { user_id = "1", tier = "gold" });

        var batch = (await _api.PostAsync($"/connections/{id}/api_batch_query", new { queries = new[] { new { primary_key = "1" }, new { primary_key = "2" } } })).Expect(HttpStatusCode.OK).Json;
        var schema = (await _api.GetAsync($"/connections/{id}/schema")).Expect(HttpStatusCode.OK).Json["data"]!;

        Assert.Equal(2, batch.AsArray().Count);
        Assert.Null(batch[1]!["data"]);
        Assert.False(batch[1]!.AsObject().ContainsKey("error"));
        Assert.Equal("string", schema["fields"]!["tier"]!.GetValue<string>());
        Assert.Equal("1", schema["record_count"]!.GetValue<string>());
    }

    [Fact]
    public async Task References_are_wrapped_and_errors_are_message_and_code()
    {
        var id = await Create();

        var created = (await _api.PostAsync($"/connections/{id}/references", new { reference_type = "mail", reference_id = "42" })).Expect(HttpStatusCode.OK).Json;
        var list = (await _api.GetAsync($"/connections/{id}/references")).Expect(HttpStatusCode.OK).Json;
        var error = (await _api.GetAsync($"/connections/{Guid.NewGuid()}")).Expect(HttpStatusCode.NotFound).Json;
        var missing = (await _api.PostAsync($"/connections/{id}/delete_data", new { primary_keys = new[] { "nope" } })).Expect(HttpStatusCode.BadRequest).Json;

        Assert.Equal(created["data"]!["reference_uuid"]!.GetValue<string>(), list["items"]![0]!["reference_uuid"]!.GetValue<string>());
        Assert.True(list["items"]![0]!["created_at"]!.GetValue<long>() > 1_700_000_000_000);
        Assert.Equal(404, error["code"]!.GetValue<int>());
        Assert.Contains("not found", error["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("nope", missing["missing_primary_keys"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Emarsys_content_sits_under_data()
    {
        var id = await Create();
        await _api.UploadRecordsAsync(id, new { user_id = "1", points = 42 });

        var content = (await _api.PostAsync($"/connections/{id}/external-content/emarsys", new { primary_key = "1" })).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("42", content["data"]!["content"]!["points"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("variant", AnswerShape.Variant)]
    [InlineData("Documented", AnswerShape.Documented)]
    public void The_option_is_parsed(string value, AnswerShape expected) =>
        Assert.Equal(expected, EmulatorOptions.Parse(["--answer-shape", value]).AnswerShape);

    [Fact]
    public void An_unknown_shape_is_refused() =>
        Assert.Contains("documented or variant", Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--answer-shape", "odd"])).Message);

    private async Task<string> Create() =>
        (await _api.PostAsync("/connections", new { name = "c", primary_key = "user_id" })).Expect(HttpStatusCode.OK).Json["data_connection_uuid"]!.GetValue<string>();
}
