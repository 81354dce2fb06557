using System.Net;
using Newtonsoft.Json.Linq;

namespace OptiX.DataConnections.Http;

/// <summary>Turns a vendor's error response into a <see cref="ServiceException"/>.</summary>
public interface IErrorTranslator
{
    ServiceException Translate(HttpStatusCode statusCode, JToken? body, string rawBody, string route, int attempts);
}
