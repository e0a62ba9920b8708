namespace Stadium.Service.Tests.Redis;

/// <summary>A <see cref="StadiumNode"/> with extra configuration keys (store, Redis, a shared signing key).</summary>
public sealed class ConfiguredNode(IReadOnlyDictionary<string, string?> extra) : StadiumNode
{
    /// <summary>One HMAC key for every node of a test cluster, so a token from one node is valid on all.</summary>
    public static readonly string SharedSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));

    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Stadium:Auth:SigningKey"] = SharedSigningKey;
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <summary>A client for this node carrying another node's user's access token.</summary>
    public HttpClient ClientFor(TestUser user) => ClientFor(user.Tokens.AccessToken);

    public HttpClient ClientFor(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
