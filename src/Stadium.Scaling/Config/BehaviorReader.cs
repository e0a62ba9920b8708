using Stadium.Scaling.Hpa;
using YamlDotNet.RepresentationModel;

namespace Stadium.Scaling.Config;

/// <summary>
/// Reads a target's `behavior:` as the HPA v2 API has it, with its defaults and its bounds: a direction left out, or
/// any field of it, takes Kubernetes' default; stabilizationWindowSeconds 0..3600; policies' periodSeconds 1..1800.
/// </summary>
internal sealed class BehaviorReader(AutoscaleFileReader file)
{
    private static readonly string[] DirectionKeys = ["scaleUp", "scaleDown"];
    private static readonly string[] RuleKeys = ["stabilizationWindowSeconds", "selectPolicy", "policies"];
    private static readonly string[] PolicyKeys = ["type", "value", "periodSeconds"];

    public ScalingBehavior Read(YamlNode node, string at)
    {
        var behavior = ScalingBehavior.Default;
        foreach (var (key, value) in file.Keys(file.Mapping(node, at, "{ scaleDown: { stabilizationWindowSeconds: 300 } }"), DirectionKeys, at))
        {
            behavior = key == "scaleUp"
                ? behavior with { ScaleUp = Rules(value, ScalingRules.DefaultScaleUp, $"{at}.scaleUp") }
                : behavior with { ScaleDown = Rules(value, ScalingRules.DefaultScaleDown, $"{at}.scaleDown") };
        }

        return behavior;
    }

    private ScalingRules Rules(YamlNode node, ScalingRules defaults, string at)
    {
        var rules = defaults;
        foreach (var (key, value) in file.Keys(file.Mapping(node, at, "{ stabilizationWindowSeconds: 300 }"), RuleKeys, at))
        {
            rules = key switch
            {
                "stabilizationWindowSeconds" => rules with
                {
                    StabilizationWindow = TimeSpan.FromSeconds(file.Number(value, $"{at}.{key}", 0, 3600, "a whole number of seconds from 0 to 3600", whole: true)),
                },
                "selectPolicy" => rules with { Select = Select(value, $"{at}.{key}") },
                _ => rules with { Policies = Policies(value, $"{at}.{key}") },
            };
        }

        return rules;
    }

    private SelectPolicy Select(YamlNode value, string at)
    {
        var text = file.Scalar(value, at);
        return Enum.TryParse<SelectPolicy>(text, ignoreCase: false, out var select) && Enum.IsDefined(select)
            ? select
            : throw file.Error(value, $"{at} must be Max, Min or Disabled (got '{text}')");
    }

    private List<ScalingPolicy> Policies(YamlNode node, string at)
    {
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw file.Error(node, $"{at} must list at least one policy like '- {{ type: Pods, value: 4, periodSeconds: 60 }}'");
        }

        return list.Children.Select((p, i) =>
        {
            var path = $"{at}[{i}]";
            var map = file.Mapping(p, path, "{ type: Percent, value: 100, periodSeconds: 15 }");
            var values = file.Keys(map, PolicyKeys, path).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
            var typeNode = file.Required(values, map, "type", path);
            var type = file.Scalar(typeNode, $"{path}.type") switch
            {
                "Pods" => ScalingPolicyType.Pods,
                "Percent" => ScalingPolicyType.Percent,
                var other => throw file.Error(typeNode, $"{path}.type must be Pods or Percent (got '{other}')"),
            };
            var value = (int)file.Number(file.Required(values, map, "value", path), $"{path}.value", 1, int.MaxValue, "a whole number above 0", whole: true);
            var period = file.Number(file.Required(values, map, "periodSeconds", path), $"{path}.periodSeconds", 1, 1800, "a whole number of seconds from 1 to 1800", whole: true);
            return new ScalingPolicy(type, value, TimeSpan.FromSeconds(period));
        }).ToList();
    }
}
