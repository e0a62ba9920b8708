using Stadium.Data;
using Stadium.Service.Features.Posts;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Tests.Redis;

/// <summary>What goes into Redis (L2) must come back whole.</summary>
public sealed class L2SerializerTests
{
    [Fact]
    public void A_value_tuple_survives_the_round_trip()
    {
        var serializer = RedisRegistration.CreateL2Serializer();

        var back = serializer.Deserialize<(long Id, string Name)>(serializer.Serialize((42L, "user42")));

        Assert.Equal((42L, "user42"), back);
    }

    [Fact]
    public void Cached_posts_profiles_and_ids_survive_the_round_trip()
    {
        var serializer = RedisRegistration.CreateL2Serializer();
        var post = new PostRecord(7, 42, "user42", "héllo 👋", new DateTimeOffset(2026, 11, 29, 5, 0, 0, TimeSpan.Zero));
        var profile = new UserProfile(42, "user42", "User 42", "bio", 10, 3, 1);

        Assert.Equal(post, serializer.Deserialize<PostEntry>(serializer.Serialize(new PostEntry(post)))!.Post);
        Assert.Null(serializer.Deserialize<PostEntry>(serializer.Serialize(new PostEntry(null)))!.Post);
        Assert.Equal(profile, serializer.Deserialize<UserProfile>(serializer.Serialize(profile)));
        Assert.Equal([3L, 2L, 1L], serializer.Deserialize<long[]>(serializer.Serialize(new long[] { 3, 2, 1 }))!);
    }
}
