using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stadium.Jobs;
using Stadium.Jobs.Worker;
using Stadium.Protection;
using Stadium.Protection.Dependencies;
using Stadium.Protection.Settings;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Retention;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// Emails from an author to all their followers: /v1/announcements (login required), the fan-out and batch jobs, and
/// email delivery ("Stadium:Email": file drop or SMTP, a shared send rate, a circuit breaker).
/// </summary>
public static class AnnouncementsModule
{
    internal static readonly JobTypeDefaults FanOutJobType = new(AnnouncementStore.FanOutJob, () => new JobTypeOptions
    {
        MaxPending = 1_000,
        PerUserMaxPending = 3,
        Concurrency = 1,
        MaxAttempts = 10,
        Lease = TimeSpan.FromMinutes(1),
    });

    internal static readonly JobTypeDefaults BatchJobType = new(AnnouncementStore.BatchJob, () => new JobTypeOptions
    {
        // Admission bounds for new announcements (AnnouncementStore.CreateAsync): batches themselves are never refused.
        // 2,000 batches of 500 are a million emails, about 80 min at 200/s.
        MaxPending = 2_000,
        MaxOldestAge = TimeSpan.FromMinutes(10),
        Concurrency = 4,
        MaxAttempts = 10,
        Backoff = TimeSpan.FromSeconds(5),
        Lease = TimeSpan.FromMinutes(1),
    });

    /// <summary>The store, the job handlers and email delivery; API nodes and workers (`stadium work`) alike.</summary>
    public static WebApplicationBuilder AddAnnouncements(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDataFolder();
        services.AddSettings<EmailOptions>(EmailOptions.Section, (email, check) => check
            .That(EmailSenderNames.Key(email.Provider) is not null, nameof(email.Provider),
                EmailSenderNames.Requirement(email.Provider))
            .NotEmpty(nameof(email.From), email.From)
            .That(Uri.TryCreate(email.PublicUrl, UriKind.Absolute, out var publicUrl) && publicUrl.Scheme is "http" or "https" && publicUrl.Query.Length == 0
                && publicUrl.Fragment.Length == 0 && publicUrl.UserInfo.Length == 0,
                nameof(email.PublicUrl), "must be an absolute http or https URL without a query, fragment or user name (the address people reach the API at)")
            .NotEmpty(nameof(email.OutboxFolder), email.OutboxFolder)
            .AtLeast(nameof(email.RatePerSecond), email.RatePerSecond, 1)
            .AtLeast(nameof(email.BatchSize), email.BatchSize, 1)
            .Between(nameof(email.BreakerFailureRatio), email.BreakerFailureRatio, 0.01, 1)
            .AtLeast(nameof(email.BreakerMinimumThroughput), email.BreakerMinimumThroughput, 2)
            .Positive(nameof(email.BreakerSampling), email.BreakerSampling)
            .Positive(nameof(email.BreakerDuration), email.BreakerDuration)
            .NotEmpty("Smtp:Host", email.Smtp.Host)
            .Between("Smtp:Port", email.Smtp.Port, 1, 65_535));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value);
        services.AddSingleton(FanOutJobType);
        services.AddSingleton(BatchJobType);
        services.AddSingleton<AnnouncementStore>();
        // The unsubscribe links are signed with a key derived from the token signing key: a worker process (no auth of
        // its own) loads the same key from the same configuration or shared data folder as the API nodes, when its
        // first email needs it (building a worker touches no files).
        var configuration = builder.Configuration;
        services.TryAddSingleton(_ => SigningKey.Load(configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions(), configuration.DataFolder()));

        services.AddSingleton(sp => new UnsubscribeLinks(sp.GetRequiredService<SigningKey>(), sp.GetRequiredService<EmailOptions>()));
        // Each provider under its name; "Stadium:Email:Provider" picks one (checked above against the same names).
        services.AddKeyedSingleton<IEmailSender>(EmailSenderNames.Key(EmailSenderNames.Smtp), (sp, _) => new SmtpEmailSender(sp.GetRequiredService<EmailOptions>()));
        services.AddKeyedSingleton<IEmailSender>(EmailSenderNames.Key(EmailSenderNames.FileDrop), (sp, _) =>
        {
            var email = sp.GetRequiredService<EmailOptions>();
            return new FileDropEmailSender(Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.DataFolder, email.OutboxFolder), email.From);
        });
        services.AddSingleton(sp =>
        {
            var provider = sp.GetRequiredService<EmailOptions>().Provider;
            return sp.GetRequiredKeyedService<IEmailSender>(EmailSenderNames.Key(provider)
                ?? throw new OptionsValidationException(EmailOptions.Section, typeof(EmailOptions), [$"{EmailOptions.Section}:Provider {EmailSenderNames.Requirement(provider)}"]));
        });
        // With Redis (API nodes and `stadium work` alike) the send rate is one bucket for the whole fleet.
        services.AddSingleton(sp => new EmailSendRate(
            sp.GetRequiredService<EmailOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IConnectionMultiplexer>(), sp.GetRequiredService<DependencyPipelines>().Redis));
        // The smtp pipeline is the host's; "Stadium:Email:Breaker*", where set, still configure its breaker.
        services.AddDependencyPipelines();
        var emailSection = builder.Configuration.GetSection(EmailOptions.Section);
        if (emailSection.GetChildren().Any(key => key.Key.StartsWith("Breaker", StringComparison.Ordinal)))
        {
            services.PostConfigure<DependenciesOptions>(d => d.Smtp = EmailDelivery.SmtpPipeline(emailSection.Get<EmailOptions>() ?? new EmailOptions(), d.Smtp));
        }

        services.AddSingleton(sp => new EmailDelivery(
            sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<EmailOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<EmailSendRate>(), sp.GetRequiredService<DependencyPipelines>().Smtp));
        services.AddSingleton<IJobHandler, AnnouncementFanOutHandler>();
        services.AddSingleton<IJobHandler, AnnouncementBatchHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRetentionSweep, DeliverySweep>());
        return builder;
    }

    public static RouteGroupBuilder MapAnnouncements(this RouteGroupBuilder v1)
    {
        var announcements = v1.MapGroup("").WithTag("Announcements", "Emails from an author to every one of their followers, sent in the background.")
            .WithEndpointClass(EndpointClass.Bulk);
        announcements.MapPost("/announcements", AnnouncementsEndpoints.Create)
            .Describe("CreateAnnouncement", "Announce to my followers",
                "Queues an email with this subject and body to each of my followers and answers 202 before any is sent; follow its progress at the "
                + "Location. 429 while too many of my announcements are pending, 503 with Retry-After when the job queue is full.");
        announcements.MapById(HttpMethods.Get, "/announcements/{id}", AnnouncementsEndpoints.Get, AnnouncementsEndpoints.NotFound)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("GetAnnouncement", "Get one of my announcements",
                "Its status (queued, sending, completed or failed) and how many recipients it has, were delivered to or were undeliverable "
                + "(no provider takes the address, or the recipient turned announcement emails off after it was sent out). "
                + "404 for an id that is not one of mine.");

        // The link in every announcement email: no login, the token is the proof (RFC 8058 one-click unsubscribe).
        var unsubscribe = v1.MapGroup("/email").WithTag("Email", "Announcement emails: the one-click unsubscribe link every one of them carries.")
            .AllowAnonymous();
        unsubscribe.MapGet("/unsubscribe", AnnouncementsEndpoints.ConfirmUnsubscribe)
            .Produces(StatusCodes.Status200OK, typeof(string), "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Describe("ConfirmUnsubscribe", "Ask before unsubscribing",
                "The page an email's unsubscribe link opens in a browser: it changes nothing (mail scanners fetch links) and offers a button "
                + "that POSTs to the same link. 400 for a token that is not one Stadium made.");
        unsubscribe.MapPost("/unsubscribe", AnnouncementsEndpoints.Unsubscribe)
            .Produces(StatusCodes.Status200OK, typeof(string), "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("Unsubscribe", "Stop announcement emails",
                "Turns announcement emails off for the account the token was made for: what a mail client's one-click unsubscribe POSTs "
                + "(body `List-Unsubscribe=One-Click`, which is not required). Answers a short HTML page, also when they were already off. "
                + "400 for a token that is not one Stadium made, 404 if its account no longer exists. Turn them on again with PATCH /v1/me/email.");
        return v1;
    }

}
