using System.Net.Http.Headers;
using OptiX.DataConnections.Http;

namespace OptiX.DataConnections.Tests.Http;

public class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reads_delta_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.GetDelay(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now));

    [Fact]
    public void Reads_an_http_date() =>
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.GetDelay(RetryConditionHeaderValue.Parse("Wed, 25 Nov 2026 12:00:30 GMT"), Now));

    [Fact]
    public void A_date_in_the_past_means_now() =>
        Assert.Equal(TimeSpan.Zero, RetryAfter.GetDelay(RetryConditionHeaderValue.Parse("Wed, 25 Nov 2026 11:00:00 GMT"), Now));

    [Fact]
    public void No_header_means_no_hint() => Assert.Null(RetryAfter.GetDelay(null, Now));
}
