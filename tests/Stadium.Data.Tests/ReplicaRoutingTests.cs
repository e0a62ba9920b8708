using System.Diagnostics;
using Dapper;
using Npgsql;
using Stadium.Data.Postgres;
using Stadium.Data.Requests;

namespace Stadium.Data.Tests;

/// <summary>Reads on replicas, writes on the primary, and a writer always reading their own writes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaRoutingTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DataRequestAccessor Requests = new();

    private static async Task<long> NewUser(StoreSet store) =>
        (await store.Users.CreateUserAsync(new NewUser("u" + Guid.NewGuid().ToString("n")[..12], "x@example.com", "h", T0), default))!.Value;

    private static Task<List<long>> PostsAs(StoreSet store, long? reader, long author) =>
        As(reader, async () => (await store.Posts.GetUserPostsAsync(author, null, 10, default)).Select(p => p.Id).ToList());

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "condition not met within 15 s");
            await Task.Delay(20);
        }
    }

    private async Task<(PostgresDatabase Database, StoreSet Store)> Open(Action<PostgresOptions>? configure = null, TimeProvider? time = null)
    {
        var options = await cluster.NewDatabaseAsync(configure);
        var database = new PostgresDatabase(options, time ?? TimeProvider.System);
        await database.MigrateAsync(default);
        await Eventually(() =>
        {
            // Under a fake clock the monitor probes only as the clock moves.
            (time as Microsoft.Extensions.Time.Testing.FakeTimeProvider)?.Advance(options.ReplicaProbeInterval);
            return Task.FromResult(database.Replicas[0].Healthy);
        });
        return (database, StoreSet.Over(database, PostgresProvider.Dialect));
    }

    [Fact]
    public async Task With_replay_paused_the_writer_sees_the_write_at_once_and_others_only_after_resume()
    {
        var (database, store) = await Open();
        await using var _ = database;
        var writer = await NewUser(store);
        var other = await NewUser(store);
        // Pause only once the replica has replayed everything so far, so it would serve other readers.
        await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 }));
        await OpenReplicaConnectionAsync(database);

        await cluster.Cluster.PauseReplayAsync("replica1", default);
        try
        {
            var post = (await As(writer, () => store.Posts.CreatePostAsync(writer, "fresh", T0, null, default))).Post!.Id;

            Assert.Contains(post, await PostsAs(store, writer, writer));
            var seenByOther = await PostsAs(store, other, writer);
            if (seenByOther.Contains(post))
            {
                await using var direct = await database.Replicas[0].Source.OpenConnectionAsync();
                var onReplica = await direct.ExecuteScalarAsync<long>("SELECT count(*) FROM posts");
                var state = await direct.ExecuteScalarAsync<string>("SELECT pg_last_wal_replay_lsn()::text");
                Assert.Fail($"other saw the post; replica healthy {database.Replicas[0].Healthy}, monitor replay {database.Replicas[0].ReplayLsn}, replica now {state}, posts on replica {onReplica}, lag {database.Replicas[0].LagBytes} B / {database.Replicas[0].LagTime}");
            }

            Assert.DoesNotContain(post, await PostsAs(store, null, writer));

            await cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()");
            await Eventually(async () => (await PostsAs(store, other, writer)).Contains(post));
            Assert.Contains(post, await PostsAs(store, writer, writer));
        }
        finally
        {
            await cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()");
        }
    }

    /// <summary>Runs <paramref name="body"/> with the replica caught up and then frozen (replay paused), resuming it after.</summary>
    private async Task WithReplayPausedAsync(PostgresDatabase database, Func<Task> body)
    {
        await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 }));
        await OpenReplicaConnectionAsync(database);
        await cluster.Cluster.PauseReplayAsync("replica1", default);
        try
        {
            await body();
        }
        finally
        {
            await cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()");
        }
    }

    /// <summary>
    /// Leaves an open connection in the replica's pool, so the reads under test do not start with a cold connect: on a
    /// starved CI machine one can outlast the open timeout, which rightly takes the replica out of the rotation and
    /// sends the read to the primary, where it would see the write.
    /// </summary>
    private static async Task OpenReplicaConnectionAsync(PostgresDatabase database)
    {
        await using var connection = await database.Replicas[0].Source.OpenConnectionAsync();
    }

    private static async Task<T> As<T>(long? reader, Func<Task<T>> read)
    {
        using var scope = Requests.Begin(new DataRequest { UserId = reader });
        return await read();
    }

    [Fact]
    public async Task The_fan_out_follower_list_includes_a_follow_the_lagging_replica_has_not_replayed()
    {
        var (database, store) = await Open();
        await using var _ = database;
        var author = await NewUser(store);
        var fan = await NewUser(store);
        var other = await NewUser(store);

        await WithReplayPausedAsync(database, async () =>
        {
            await As(fan, () => store.Follows.FollowAsync(fan, author, T0, default));
            await As(author, () => store.Posts.CreatePostAsync(author, "fan-out", T0, null, default));

            // The replica still serves other readers, and has not replayed the follow ...
            Assert.True(database.Replicas[0].Healthy);
            var seenByOther = await As(other, () => store.Follows.GetFollowersAsync(author, null, 10, default));
            Assert.True(seenByOther.Count == 0, $"other reader saw {seenByOther.Count} followers; replica healthy {database.Replicas[0].Healthy}, lag {database.Replicas[0].LagBytes} B / {database.Replicas[0].LagTime}");
            // ... yet the post fans out to the new fan, whoever asks.
            Assert.Equal([fan], await As(author, () => store.Follows.GetFollowerIdsAsync(author, default)));
            Assert.Equal([fan], await As(other, () => store.Follows.GetFollowerIdsAsync(author, default)));
        });
    }

    [Fact]
    public async Task Timeline_seeds_include_posts_the_lagging_replica_has_not_replayed_whoever_reads()
    {
        var (database, store) = await Open();
        await using var _ = database;
        var author = await NewUser(store);
        var fan = await NewUser(store);
        await store.Follows.FollowAsync(fan, author, T0, default);

        await WithReplayPausedAsync(database, async () =>
        {
            var post = (await As(author, () => store.Posts.CreatePostAsync(author, "seed me", T0, null, default))).Post!.Id;

            // The fan's ordinary reads come from the frozen replica, which lacks the post ...
            Assert.True(database.Replicas[0].Healthy);
            Assert.DoesNotContain(post, await PostsAs(store, fan, author));
            // ... but what a cached timeline is built from has it.
            Assert.Contains(post, await As(fan, () => store.Follows.GetHomeTimelineSeedAsync(fan, 1000, 10, default)));
            Assert.Contains(post, await As(fan, () => store.Posts.GetRecentPostIdsAsync(author, 10, default)));
        });
    }

    [Fact]
    public async Task An_up_to_date_read_is_served_by_a_replica_that_has_caught_up()
    {
        var (database, store) = await Open();
        await using var _ = database;
        await NewUser(store);
        await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 }));

        var replicaPort = new NpgsqlConnectionStringBuilder(database.Replicas[0].Source.ConnectionString).Port;
        await Eventually(async () =>
        {
            await using var connection = await database.OpenUpToDateReadAsync(default);
            return connection.Port == replicaPort;
        });
    }

    [Fact]
    public async Task A_replica_past_the_lag_bound_leaves_the_rotation_and_reads_fall_back_to_the_primary()
    {
        var (database, store) = await Open(o => o.MaxReplicaLagBytes = 64);
        await using var _ = database;
        var writer = await NewUser(store);
        var other = await NewUser(store);

        await cluster.Cluster.PauseReplayAsync("replica1", default);
        try
        {
            var post = 0L;
            for (var i = 0; i < 20; i++)
            {
                post = (await store.Posts.CreatePostAsync(writer, new string('x', 500), T0, null, default)).Post!.Id;
            }

            await Eventually(() => Task.FromResult(!database.Replicas[0].Healthy));
            Assert.True(database.Replicas[0].LagBytes > 64);

            // Another user's read cannot be served by the frozen replica any more: it comes from the primary.
            Assert.Contains(post, await PostsAs(store, other, writer));
        }
        finally
        {
            await cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()");
        }

        await Eventually(() => Task.FromResult(database.Replicas[0].Healthy));
    }

    [Fact]
    public async Task A_replica_frozen_a_few_bytes_behind_leaves_the_rotation_by_time_and_the_writer_never_loses_its_post()
    {
        var (database, store) = await Open(o =>
        {
            o.MaxReplicaLag = TimeSpan.FromSeconds(1);
            o.ReadYourWritesWindow = TimeSpan.FromMilliseconds(200);
        });
        await using var _ = database;
        var writer = await NewUser(store);
        var other = await NewUser(store);

        await cluster.Cluster.PauseReplayAsync("replica1", default);
        try
        {
            var post = (await store.Posts.CreatePostAsync(writer, "one small write", T0, null, default)).Post!.Id;
            await Eventually(() => Task.FromResult(!database.Replicas[0].Healthy));
            Assert.True(database.Replicas[0].LagBytes < 16 * 1024 * 1024, "left the rotation by time, not by bytes");
            Assert.True(database.Replicas[0].LagTime >= TimeSpan.FromSeconds(1));

            // Long after the writer's read-your-writes window, the frozen replica serves nobody: both see the post.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Contains(post, await PostsAs(store, writer, writer));
            Assert.Contains(post, await PostsAs(store, other, writer));
        }
        finally
        {
            await cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()");
        }

        await Eventually(() => Task.FromResult(database.Replicas[0].Healthy && database.Replicas[0].LagTime == TimeSpan.Zero));
    }

    [Fact]
    public async Task An_unreachable_replica_is_skipped_and_reads_still_succeed()
    {
        var (database, store) = await Open(o => o.Replicas.Add("Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=1"));
        await using var _ = database;
        Assert.False(database.Replicas[1].Healthy);
        var writer = await NewUser(store);
        var post = (await store.Posts.CreatePostAsync(writer, "x", T0, null, default)).Post!.Id;
        await Eventually(async () => (await PostsAs(store, null, writer)).Contains(post));
        for (var i = 0; i < 10; i++)
        {
            Assert.Contains(post, await PostsAs(store, writer, writer));
            Assert.Contains(post, await PostsAs(store, null, writer));
        }
    }

    [Fact]
    public async Task A_saturated_pool_fails_fast_instead_of_hanging()
    {
        var (database, store) = await OpenWithOneConnectionPerPool();
        await using var _ = database;
        var user = await NewUser(store);

        await using var held = await database.OpenPrimaryAsync(default);
        var failure = await FailsWithinPoolWait(() => store.Users.UpdateProfileAsync(user, "x", null, default));
        Assert.True(PostgresErrors.IsPoolWaitTimeout(failure), failure.ToString());
    }

    private Task<(PostgresDatabase Database, StoreSet Store)> OpenWithOneConnectionPerPool() => Open(o =>
    {
        o.MaxPoolSize = 1;
        o.PoolWaitTimeout = TimeSpan.FromSeconds(1);
    });

    /// <summary>
    /// The failure, after about the 1 s pool wait: no hang, no retry elsewhere. The upper bound tells the 1 s wait from
    /// Npgsql's default 15 s (the held connection is never given back), with room for a stalled CI machine.
    /// </summary>
    private static async Task<Exception> FailsWithinPoolWait(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(action);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
        return failure;
    }

    [Fact]
    public async Task A_saturated_replica_pool_is_busy_not_down_it_stays_in_rotation_and_the_read_fails_fast()
    {
        var (database, store) = await OpenWithOneConnectionPerPool();
        await using var _ = database;
        var writer = await NewUser(store);
        var reader = await NewUser(store);
        await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 }));

        await using (await database.Replicas[0].Source.OpenConnectionAsync())
        {
            var failure = await FailsWithinPoolWait(() => PostsAs(store, reader, writer));
            Assert.True(PostgresErrors.IsPoolWaitTimeout(failure), failure.ToString());

            // Neither the read nor the monitor's probes (which have their own connection) took it out of rotation.
            Assert.True(database.Replicas[0].Healthy);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.True(database.Replicas[0].Healthy);
        }

        Assert.Empty(await PostsAs(store, reader, writer));
    }

    [Fact]
    public async Task Request_pools_carry_the_configured_command_timeout()
    {
        var (database, _) = await Open(o => o.CommandTimeout = TimeSpan.FromSeconds(3));
        await using var __ = database;
        await using var primary = await database.OpenPrimaryAsync(default);
        await using var replica = await database.Replicas[0].Source.OpenConnectionAsync();
        Assert.Equal(3, primary.CommandTimeout);
        Assert.Equal(3, replica.CommandTimeout);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(database.BulkLoad.ConnectionString).CommandTimeout);
    }

    [Fact]
    public Task A_read_in_flight_on_a_replica_that_stops_answering_fails_over_to_the_primary_within_the_command_timeout() =>
        WithReadersReplicaFrozenAsync(o => o.CommandTimeout = TimeSpan.FromSeconds(1), async (database, read) =>
        {
            var clock = Stopwatch.StartNew();
            await read();
            // 1 s command timeout + Npgsql's 2 s wait for the cancellation (about 3 s; a loaded CI run took 6.0), not
            // Npgsql's default 30 s. (The tests' monitor waits 5 s for a probe, so the command timeout comes first.)
            Assert.True(
                clock.Elapsed > TimeSpan.FromSeconds(0.9) && clock.Elapsed < TimeSpan.FromSeconds(20),
                $"took {clock.Elapsed}; replica healthy {database.Replicas[0].Healthy}, replayed to {database.Replicas[0].ReplayLsn}");
            Assert.False(database.Replicas[0].Healthy);
        });

    [Fact]
    public Task A_read_in_flight_on_a_replica_that_stops_answering_moves_to_the_primary_once_the_monitor_sees_it_long_before_the_command_timeout() =>
        WithReadersReplicaFrozenAsync(MonitorFasterThanStatements, async (database, read) =>
        {
            var clock = Stopwatch.StartNew();
            await read();
            // About the probe timeout (3 s) plus a probe interval; without the monitor's release it is the 60 s
            // command timeout plus Npgsql's 2 s cancellation wait. The bound leaves room for a loaded CI machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
            Assert.False(database.Replicas[0].Healthy);
            // The frozen replica stays out of the rotation: the next read goes straight to the primary.
            clock.Restart();
            await read();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"second read took {clock.Elapsed}");
        });

    [Fact]
    public async Task While_the_primary_does_not_answer_reads_meant_to_be_up_to_date_are_served_by_the_replica()
    {
        var (database, store) = await Open(MonitorFasterThanStatements);
        await using var _ = database;
        var author = await NewUser(store);
        var fan = await NewUser(store);
        await store.Follows.FollowAsync(fan, author, T0, default);
        var post = (await store.Posts.CreatePostAsync(author, "replicated before the outage", T0, null, default)).Post!.Id;
        await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 } && database.PrimaryAnswering));

        using (cluster.Cluster.Freeze("primary"))
        {
            var clock = Stopwatch.StartNew();
            // Both ask the primary for its position first; it never answers, and the monitor says so within a second.
            Assert.Contains(post, await As(fan, () => store.Follows.GetHomeTimelineSeedAsync(fan, 1000, 10, default)));
            Assert.Equal([fan], await As(author, () => store.Follows.GetFollowerIdsAsync(author, default)));
            // Without the monitor's word: the 60 s command timeout plus Npgsql's cancellation wait, then a failure.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
            Assert.False(database.PrimaryAnswering);
        }

        await Eventually(() => Task.FromResult(database.PrimaryAnswering));
        // Back to normal: a post made now is in the next up-to-date read at once, whatever the replica has replayed.
        var next = (await store.Posts.CreatePostAsync(author, "after the outage", T0, null, default)).Post!.Id;
        Assert.Contains(next, await As(fan, () => store.Posts.GetRecentPostIdsAsync(author, 10, default)));
    }

    /// <summary>
    /// A 60 s command timeout and a 3 s monitor probe: what answers well before a minute is the monitor's doing. (Not
    /// the production second: on a CI machine running five test projects on two cores a healthy server's probe can take
    /// longer, and a replica wrongly out of the rotation would fail these tests.)
    /// </summary>
    private static void MonitorFasterThanStatements(PostgresOptions options)
    {
        options.CommandTimeout = TimeSpan.FromSeconds(60);
        options.ReplicaProbeTimeout = TimeSpan.FromSeconds(3);
    }

    /// <summary>
    /// Routes a reader's reads to the replica (a pooled connection to it exists, so the next read goes straight to it),
    /// freezes every process of the replica, and runs <paramref name="body"/> with a read that must still find a post;
    /// thaws the replica after and waits for it to rejoin the rotation.
    /// </summary>
    private async Task WithReadersReplicaFrozenAsync(Action<PostgresOptions> configure, Func<PostgresDatabase, Func<Task>, Task> body)
    {
        var (database, store) = await Open(configure);
        await using var _ = database;
        var writer = await NewUser(store);
        var reader = await NewUser(store);
        var post = (await store.Posts.CreatePostAsync(writer, "still there", T0, null, default)).Post!.Id;
        var replicaPort = new NpgsqlConnectionStringBuilder(database.Replicas[0].Source.ConnectionString).Port;
        await Eventually(async () => await As(reader, async () =>
        {
            await using var connection = await database.OpenReadAsync(default);
            return connection.Port == replicaPort;
        }));

        using (cluster.Cluster.Freeze("replica1"))
        {
            await body(database, async () => Assert.Contains(post, await PostsAs(store, reader, writer)));
        }

        await Eventually(() => Task.FromResult(database.Replicas[0].Healthy));
    }

    [Fact]
    public async Task A_writer_reading_before_the_monitor_has_seen_the_replica_catch_up_is_served_by_the_replica_once_it_has()
    {
        // The monitor probes only as this clock moves, and it does not: its view of the replica stays older than the write.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        // No catch-up wait either: it would wait on this clock too. The replica is asked once, after it has replayed.
        var (database, store) = await Open(o => o.ReplicaCatchUpWait = TimeSpan.Zero, time);
        await using var _ = database;
        var writer = await NewUser(store);
        var written = new DataRequest { UserId = writer };
        long post;
        using (Requests.Begin(written))
        {
            post = (await store.Posts.CreatePostAsync(writer, "fresh", T0, null, default)).Post!.Id;
        }

        Assert.True(database.Replicas[0].ReplayLsn < written.WrittenLsn);
        await Eventually(async () =>
        {
            await using var replica = await database.Replicas[0].Source.OpenConnectionAsync();
            return (ulong)await replica.ExecuteScalarAsync<NpgsqlTypes.NpgsqlLogSequenceNumber>("SELECT pg_last_wal_replay_lsn()") >= written.WrittenLsn;
        });

        // Asked on the read's own connection, the replica has the write: the writer's read stays off the primary.
        var replicaPort = new NpgsqlConnectionStringBuilder(database.Replicas[0].Source.ConnectionString).Port;
        Assert.Equal(replicaPort, await As(writer, async () =>
        {
            await using var connection = await database.OpenReadAsync(default);
            return connection.Port;
        }));
        Assert.Contains(post, await PostsAs(store, writer, writer));
    }

    [Fact]
    public async Task A_writers_read_waits_a_moment_for_a_replica_about_to_replay_the_write_instead_of_going_to_the_primary()
    {
        var (database, store) = await Open(o => o.ReplicaCatchUpWait = TimeSpan.FromSeconds(10));
        await using var _ = database;
        var writer = await NewUser(store);
        var replicaPort = new NpgsqlConnectionStringBuilder(database.Replicas[0].Source.ConnectionString).Port;
        long post = 0;
        await WithReplayPausedAsync(database, async () =>
        {
            post = (await As(writer, () => store.Posts.CreatePostAsync(writer, "a moment later", T0, null, default))).Post!.Id;
            var read = As(writer, async () =>
            {
                await using var connection = await database.OpenReadAsync(default);
                return connection.Port;
            });
            await Task.Delay(300);
            Assert.False(read.IsCompleted, "the read did not wait for the replica");
            await cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()");
            Assert.Equal(replicaPort, await read);
        });
        Assert.Contains(post, await PostsAs(store, writer, writer));
    }

    [Fact]
    public async Task Read_your_writes_tracking_forgets_writers_whose_window_has_closed()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var (database, store) = await Open(o =>
        {
            o.ReadYourWritesWindow = TimeSpan.FromSeconds(30);
            o.ReplicaCatchUpWait = TimeSpan.Zero; // it would wait on the fake clock
        }, time);
        await using var _ = database;
        var users = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var user = await NewUser(store);
            users.Add(user);
            await As(user, () => store.Users.UpdateProfileAsync(user, "writer", null, default));
        }

        Assert.Equal(20, database.TrackedWriters);

        time.Advance(TimeSpan.FromSeconds(31));
        await As(users[0], () => store.Users.UpdateProfileAsync(users[0], "again", null, default));
        Assert.Equal(1, database.TrackedWriters);
    }

    /// <summary>
    /// Commits a post through <see cref="PostgresDatabase.WriteAsync{T}"/> and makes the position query after the commit fail
    /// for real: a function of the same name, first on the session's search_path (set inside the transaction, so
    /// it outlives the commit), raises.
    /// </summary>
    private static Task<long> WriteWithUnreadablePositionAsync(PostgresDatabase database, long writer) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO posts (author_id, text, created_at) VALUES (@writer, 'committed', 0) RETURNING id", new { writer }, transaction);
            await connection.ExecuteAsync(
                """
                CREATE SCHEMA broken;
                CREATE FUNCTION broken.pg_current_wal_lsn() RETURNS pg_lsn LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'WAL position unavailable'; END $$;
                SET search_path = broken, pg_catalog, public;
                """, transaction: transaction);
            return id;
        }, default);

    [Fact]
    public async Task A_write_whose_WAL_position_cannot_be_read_after_commit_succeeds_and_pins_the_writer_to_the_primary()
    {
        var (database, store) = await Open();
        await using var _ = database;
        var writer = await NewUser(store);
        var other = await NewUser(store);

        await WithReplayPausedAsync(database, async () =>
        {
            var post = await As(writer, () => WriteWithUnreadablePositionAsync(database, writer));

            Assert.True(database.Replicas[0].Healthy);
            Assert.Contains(post, await PostsAs(store, writer, writer));
            Assert.DoesNotContain(post, await PostsAs(store, other, writer));
        });
    }

    [Fact]
    public async Task Outside_a_request_a_write_whose_WAL_position_cannot_be_read_pins_the_process_to_the_primary()
    {
        var (database, store) = await Open();
        await using var _ = database;
        var writer = await NewUser(store);

        await WithReplayPausedAsync(database, async () =>
        {
            var post = await WriteWithUnreadablePositionAsync(database, writer);
            Assert.True(database.Replicas[0].Healthy);
            Assert.Null(Requests.Current);
            Assert.Contains(post, (await store.Posts.GetUserPostsAsync(writer, null, 10, default)).Select(p => p.Id));
        });
    }

    [Fact]
    public async Task Creating_a_post_costs_two_statements_on_the_primary()
    {
        var (database, store) = await Open();
        await using var _ = database;
        var author = await NewUser(store);
        var name = new NpgsqlConnectionStringBuilder(database.Primary.ConnectionString).Database;
        var statements = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("db.namespace") == name && (string?)activity.GetTagItem("db.npgsql.data_source") == "primary")
                {
                    statements.Enqueue((string?)activity.GetTagItem("db.query.text") ?? activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var created = await As(author, () => store.Posts.CreatePostAsync(author, "one trip", T0, new IdempotencyKey("k", "fp"), default));

        Assert.Equal(PostCreateOutcome.Created, created.Outcome);
        Assert.Equal(("one trip", T0, 1), (created.Post!.Text, created.Post.CreatedAt, created.Author!.Posts));
        Assert.Equal(2, statements.Count);
        Assert.Contains("pg_current_wal_lsn", statements.Last());
        Assert.Equal(created.Post, await As(author, () => store.Posts.GetPostAsync(created.Post.Id, default)));
    }
}
