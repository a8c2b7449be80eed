-- wrk script: POST the file named by $PAYLOAD to the URL with Content-Type application/json, and print one
-- machine-readable line (requests, duration, p50, p99 in microseconds, errors) for bench.sh.
local file = assert(io.open(os.getenv("PAYLOAD"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
if os.getenv("CLOSE") == "1" then
    -- a new TCP and TLS connection for every request
    wrk.headers["Connection"] = "close"
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        e.connect + e.read + e.write + e.status + e.timeout))
end
