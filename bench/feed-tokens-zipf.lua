-- wrk script: GET /v1/feed as seeded users whose activity follows Zipf(s) over the token list
-- (token k is drawn with weight 1/k^s), so a few users read often and most rarely, as in the field.
-- $TOKENS: one access token per line; $ZIPF: exponent (default 1.0); $WRITE_SHARE: share of requests
-- that POST a new post instead (0 = feed reads only), for write-heavy mixes.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local s = tonumber(os.getenv("ZIPF") or "1.0")
local writes = tonumber(os.getenv("WRITE_SHARE") or "0")
local cumulative, total = {}, 0
for k = 1, #tokens do
  total = total + 1 / (k ^ s)
  cumulative[k] = total
end

local function pick()
  local r, lo, hi = math.random() * total, 1, #tokens
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < r then lo = mid + 1 else hi = mid end
  end
  return tokens[lo]
end

local n = 0
request = function()
  n = n + 1
  local auth = "Bearer " .. pick()
  if writes > 0 and math.random() < writes then
    return wrk.format("POST", "/v1/posts", { ["Authorization"] = auth, ["Content-Type"] = "application/json" },
      '{"text":"bench post ' .. n .. ' from the write-heavy mix"}')
  end
  return wrk.format("GET", "/v1/feed?limit=20", { ["Authorization"] = auth })
end
