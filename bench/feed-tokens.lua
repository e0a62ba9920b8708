-- wrk script: GET /v1/feed, each request as the next of many seeded users (tokens from $TOKENS).
-- Optional $DELAY_MS paces each connection (used for the half-peak-rate latency run).
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local i = math.random(#tokens)
local pause = tonumber(os.getenv("DELAY_MS") or "0")

request = function()
  i = i % #tokens + 1
  return wrk.format("GET", "/v1/feed?limit=20", { ["Authorization"] = "Bearer " .. tokens[i] })
end

if pause > 0 then
  delay = function() return pause end
end
