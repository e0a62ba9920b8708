using System.CommandLine;
using Microsoft.Extensions.Options;
using Stadium.Data.Seeding;
using Stadium.Service;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Commands;

/// <summary>
/// Lab tool: mints access tokens for seeded users with the data folder's signing key, one line per
/// token, so benchmarks can spread authenticated traffic over thousands of users without a login each.
/// </summary>
internal static class TokensCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var count = CommonOptions.InRange(new Option<int>("--count") { Description = "Tokens to mint, for distinct users.", DefaultValueFactory = _ => 1000 }, 1, 1_000_000);
        var population = CommonOptions.InRange(new Option<int>("--population") { Description = "Seeded users to draw from (user1..userN).", DefaultValueFactory = _ => 10_000 }, 1, 100_000_000);
        var zipf = CommonOptions.InRange(new Option<double>("--zipf") { Description = "Zipf exponent of user activity (0 = uniform).", DefaultValueFactory = _ => 0 }, 0, 10);
        // A year at most: a token that expired when it was minted, or one that outlives every key rotation, is no use to a benchmark.
        var lifetime = CommonOptions.InRange(new Option<int>("--minutes") { Description = "Token lifetime in minutes.", DefaultValueFactory = _ => 60 }, 1, 525_600);
        var command = new Command("tokens", "Mint access tokens for seeded users (benchmarks).") { data, count, population, zipf, lifetime };
        command.Hidden = true;
        command.SetAction(result =>
        {
            var options = new StadiumOptions { DataFolder = result.GetValue(data)! };
            var tokens = new AccessTokenIssuer(SigningKey.Load(options.Auth, options.DataFolder), Options.Create(options), TimeProvider.System);
            var n = result.GetValue(population);
            var wanted = Math.Min(result.GetValue(count), n);
            var exponent = result.GetValue(zipf);
            var sampler = exponent > 0 ? new ZipfSampler(n, exponent) : null;
            var random = new Random(7);
            var chosen = new HashSet<int>();
            for (var draws = 0L; chosen.Count < wanted && draws < wanted * 100L; draws++)
            {
                chosen.Add(sampler?.Sample(random) ?? random.Next(1, n + 1));
            }

            // A steep exponent makes the least active users too rare to draw (past double precision, impossible): the
            // rest are the most active users not drawn yet, what more draws would tend to.
            for (var id = 1; chosen.Count < wanted; id++)
            {
                chosen.Add(id);
            }

            var minutes = TimeSpan.FromMinutes(result.GetValue(lifetime));
            foreach (var id in chosen)
            {
                Console.Out.WriteLine(tokens.Create(id, $"user{id}", Guid.NewGuid(), minutes));
            }

            return 0;
        });
        return command;
    }
}
