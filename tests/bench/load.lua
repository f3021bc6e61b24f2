-- wrk script for tests/bench/web.py: one logged-in student per request, rotating.
--
-- wrk -s load.lua URL -- MODE SESSIONS_FILE RUN_TAG [SET_SLUG]
--   MODE: healthz | review | answer_cycle | study | progress
--   SESSIONS_FILE: one line per student: cookie<TAB>csrf token<TAB>x-forwarded-for
--   RUN_TAG: makes client ids unique across wrk runs
-- Review POSTs carry the X-CSRFToken header and a fresh client id each; the rating and the
-- question are drawn at random. answer_cycle is the same POST as study.js sends it (header
-- X-Study-Fragment: 1): it records the answer and answers 200 with the next card. done() prints one line "JSON {...}" with the figures.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in string.gmatch(line, "[^\t]+") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  mode = args[1]
  run_tag = args[3]
  set_slug = args[4] or "peru"
  sessions = {}
  questions = {}
  for line in io.lines(args[2]) do
    local f = split(line)
    if f[1] == "Q" then
      table.insert(questions, f[2])
    else
      table.insert(sessions, {cookie = f[1], csrf = f[2], xff = f[3]})
    end
  end
  math.randomseed(os.time() + tid * 7919)
  posting = (mode == "review" or mode == "answer_cycle")
  expected = (mode == "review") and 302 or 200
  unexpected = 0
  sent = 0
  cards_shown = 0
  path = ({healthz = "/healthz", study = "/study/" .. set_slug,
           progress = "/progress", review = "/study/" .. set_slug .. "/review",
           answer_cycle = "/study/" .. set_slug .. "/review"})[mode]
end

function request()
  counter = counter + 1
  sent = counter
  local s = sessions[(counter + tid) % #sessions + 1]
  local headers = {Cookie = s.cookie, ["X-Forwarded-For"] = s.xff}
  if not posting then
    return wrk.format("GET", path, headers)
  end
  if mode == "answer_cycle" then
    headers["X-Study-Fragment"] = "1"
  end
  headers["X-CSRFToken"] = s.csrf
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  -- The mode is part of the client id: the same run tag, thread and counter in the other
  -- answering mode would otherwise repeat an id (and be taken for a retry).
  local body = string.format(
    "question_id=%s&rating=%d&client_id=bench-%s-%s-%d-%d&duration_ms=%d",
    questions[math.random(#questions)], math.random(4), mode, run_tag, tid, counter,
    math.random(500, 9000))
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  elseif mode == "answer_cycle" and string.find(body, 'id="flashcard"', 1, true) then
    cards_shown = cards_shown + 1  -- a next card, not the end of the day's queue
  end
end

function done(summary, latency, requests)
  local bad, generated, shown = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    generated = generated + thread:get("sent")
    shown = shown + thread:get("cards_shown")
  end
  local errors = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "unexpected": %d, ' ..
    '"sent": %d, "cards_shown": %d, "socket_errors": %d, "timeouts": %d, "status_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad,
    generated, shown, errors.connect + errors.read + errors.write, errors.timeout, errors.status))
end
