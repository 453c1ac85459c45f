//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// sitrep reads the news and writes down who did and said what to whom, when, where, and
/// according to whom.
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Code documents (a file, directory, URL or `-` for stdin) and print their records as JSON.
    Code(CodeArgs),
    /// Read many documents (files, directories, JSONL, WARC, feeds, URLs) into the store.
    Ingest(IngestArgs),
    /// Read records back from the store.
    Query(QueryArgs),
    /// Write the stored events or records as GDELT, PLOVER, CSV, JSON lines or Parquet.
    Export(ExportArgs),
    /// Measure accuracy against gold data.
    Eval(EvalArgs),
    /// Measure speed on fixed data.
    Bench(BenchArgs),
    /// Ingest the bundled example articles into the store and print a summary.
    Demo(DemoArgs),
    /// The actor dictionaries: check them.
    Dict(DictArgs),
    /// Train a model of the linguistic core from CoNLL-U (and IOB2) files.
    Train(TrainArgs),
    /// Tokenise, tag, lemmatise, parse and find entities; print CoNLL-U.
    Parse(ParseArgs),
    /// Serve the HTTP API and the web page for a store.
    Serve(ServeArgs),
}

/// Which model to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrainWhat {
    /// UPOS, XPOS and features, with the lemmatizer.
    Tagger,
    /// The lemmatizer alone (it is trained with the tagger; this is the same run).
    Lemmatizer,
    /// The dependency parser, from the tags in the files (the shipped model is trained on
    /// jackknifed tags too: `cargo run --release -p sitrep-nlp --example parser -- jackknife`,
    /// recipe in crates/nlp/examples/parser.rs).
    Parser,
    /// The named-entity tagger.
    Ner,
    /// The sentence splitter.
    Segmenter,
}

/// Arguments of `sitrep train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// The model to train.
    #[arg(value_enum)]
    pub what: TrainWhat,
    /// Training files, comma-separated (CoNLL-U; for `ner`, CoNLL-U with GUM `Entity=` and/or IOB2).
    #[arg(long, value_delimiter = ',', required = true)]
    pub train: Vec<PathBuf>,
    /// Development file for per-epoch scores.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    /// Training epochs (default: the component's own).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Random seed (training is deterministic for a given seed).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Arguments of `sitrep parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// A text file, or `-` for standard input (ignored with --from-conllu).
    pub input: Option<String>,
    /// Keep the tokenisation and sentences of this CoNLL-U file and fill the analysis.
    #[arg(long)]
    pub from_conllu: Option<PathBuf>,
    /// The models folder (default: $SITREP_MODELS, ./models, or the source tree's models/).
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
}

/// Output formats of `sitrep code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CodeFormat {
    /// Pretty-printed JSON.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `sitrep code`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    /// A file (HTML, text, JSONL, WARC, feed, .gz), a directory, an http(s) URL, or `-` for
    /// standard input.
    pub input: String,
    /// The date of record when the document has none (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The URL the document came from, for a local file.
    #[arg(long)]
    pub url: Option<String>,
    /// Output format: pretty JSON for one document (JSON lines when the input holds several),
    /// or always JSON lines.
    #[arg(long, value_enum, default_value = "json")]
    pub format: CodeFormat,
    /// Read the input as plain text, whatever it looks like.
    #[arg(long, conflicts_with = "html")]
    pub text: bool,
    /// Read the input as HTML, whatever it looks like.
    #[arg(long)]
    pub html: bool,
    /// Add the linguistic analysis (`sentences` with tokens, tags, heads) and entities.
    #[arg(long)]
    pub with_parse: bool,
    /// The models folder (for --with-parse).
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
    /// HTTP timeout in seconds.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
    /// Extra event dictionaries: `petrarch:DIR` adds a folder of PETRARCH actor, agent and
    /// verb files to the built-in dictionaries; `petrarch-only:DIR` uses them instead.
    #[arg(long, value_name = "petrarch:DIR")]
    pub dict: Option<String>,
}

/// Arguments of `sitrep ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories, JSONL, WARC(.gz), RSS/Atom feeds, http(s) URLs.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// The SQLite store.
    #[arg(long, env = "SITREP_DB", default_value = "sitrep.db")]
    pub db: PathBuf,
    /// The date of record for documents that have none (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, env = "SITREP_THREADS")]
    pub threads: Option<usize>,
    /// Documents per store transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// HTTP timeout in seconds.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
}

/// Arguments of `sitrep query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// What to read.
    #[command(subcommand)]
    pub what: QueryWhat,
}

/// The queries.
#[derive(Debug, Subcommand)]
pub enum QueryWhat {
    /// Articles, newest first.
    Articles(ArticleQueryArgs),
    /// Events, newest first, with their sentence.
    Events(RecordQueryArgs),
    /// Quotes, newest first (`--actor` is the speaker, `--search` words of the quote).
    Quotes(RecordQueryArgs),
    /// Actors of the matching events and quotes, most active first (`--actor` picks actors).
    Actors(RecordQueryArgs),
    /// Places of the matching events and the places the matching articles name.
    Places(RecordQueryArgs),
    /// Source → target event counts and mean Goldstein score per period.
    Dyads(DyadArgs),
    /// Who supports or opposes whom, from events and from events inside quotes.
    Stances(RecordQueryArgs),
}

/// How query results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum QueryFormat {
    /// An aligned table for a terminal.
    #[default]
    Table,
    /// One JSON object per line.
    Json,
    /// CSV with a header row.
    Csv,
}

/// The filters and output options shared by `sitrep query events|quotes|actors|places|…`.
#[derive(Debug, Args)]
pub struct RecordQueryArgs {
    /// The SQLite store.
    #[arg(long, env = "SITREP_DB", default_value = "sitrep.db")]
    pub db: PathBuf,
    /// From this day (YYYY-MM-DD): the event date for events, the publication date otherwise.
    #[arg(long)]
    pub since: Option<String>,
    /// Until this day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub until: Option<String>,
    /// Actor: CAMEO code prefix (RUS matches RUSGOV), actor id, or start of a name.
    #[arg(long)]
    pub actor: Option<String>,
    /// CAMEO root (01-20).
    #[arg(long)]
    pub root: Option<String>,
    /// CAMEO code prefix (e.g. 0871).
    #[arg(long)]
    pub cameo: Option<String>,
    /// PLOVER event type (e.g. CONSULT).
    #[arg(long)]
    pub plover: Option<String>,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict.
    #[arg(long)]
    pub quad: Option<u8>,
    /// Outlet (exact).
    #[arg(long)]
    pub outlet: Option<String>,
    /// Country of the event place (ISO 3166 alpha-3).
    #[arg(long)]
    pub country: Option<String>,
    /// Words the article must contain (for quotes: words of the quote or its speaker).
    #[arg(long)]
    pub search: Option<String>,
    /// At most this many rows (1-500).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Skip this many rows.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
    /// Same as --format json.
    #[arg(long, conflicts_with_all = ["format", "csv"])]
    pub json: bool,
    /// Same as --format csv.
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
}

/// Time step of `sitrep query dyads`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// Calendar day.
    Day,
    /// ISO week.
    Week,
    /// Calendar month.
    Month,
}

/// Arguments of `sitrep query dyads`.
#[derive(Debug, Args)]
pub struct DyadArgs {
    /// Filters and output.
    #[command(flatten)]
    pub query: RecordQueryArgs,
    /// Time step.
    #[arg(long, value_enum, default_value = "month")]
    pub period: PeriodArg,
}

/// Arguments of `sitrep serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The SQLite store (created when missing).
    #[arg(long, env = "SITREP_DB", default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Bearer token that turns the write endpoint (`POST /api/ingest`) on.
    #[arg(long, env = "SITREP_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 2 << 20)]
    pub max_body: usize,
    /// Longest a request may take, in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// The models folder (for the code and ingest endpoints).
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
}

/// Arguments of `sitrep query articles`.
#[derive(Debug, Args)]
pub struct ArticleQueryArgs {
    /// The SQLite store.
    #[arg(long, env = "SITREP_DB", default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Full-text search in title and body.
    #[arg(long)]
    pub search: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Only this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Only articles with an event or quote of this actor (code prefix, id or name start).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only articles with an event of this CAMEO root (01-20).
    #[arg(long)]
    pub root: Option<String>,
    /// Only articles with an event of this PLOVER type.
    #[arg(long)]
    pub plover: Option<String>,
    /// Only articles with an event placed in this country (ISO 3166 alpha-3).
    #[arg(long)]
    pub country: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Skip this many.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `sitrep eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// What to evaluate.
    #[command(subcommand)]
    pub what: EvalWhat,
}

/// The evaluations.
#[derive(Debug, Subcommand)]
pub enum EvalWhat {
    /// Article extraction: body, title, date, author.
    Extract(EvalExtractArgs),
    /// Tagging and parsing against gold CoNLL-U (gold tokens, and raw text with --raw).
    Parse(EvalParseArgs),
    /// Named entities against gold IOB2.
    Ner(EvalNerArgs),
    /// Event coding against the PLOVER gold records and the CAMEO example sentences.
    Events(EvalEventsArgs),
    /// Quotes and attributions against PolNeAR's BRAT files.
    Quotes(EvalQuotesArgs),
    /// Temporal expressions against TIMEX gold (JSON lines: doc, dct, text, timexes).
    Time(EvalTimeArgs),
    /// Toponym resolution against LGL and GeoVirus (Acc@161km, exact GeoNames id).
    Geo(EvalGeoArgs),
}

/// Arguments of `sitrep eval geo`.
#[derive(Debug, Args)]
pub struct EvalGeoArgs {
    /// LGL in Gritta's XML (`lgl.xml`).
    #[arg(long)]
    pub lgl: Option<PathBuf>,
    /// GeoVirus in Gritta's XML (`GeoVirus.xml`).
    #[arg(long)]
    pub geovirus: Option<PathBuf>,
    /// The models folder (our own spans come from its NER).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Score gold spans only (no NER).
    #[arg(long)]
    pub gold_spans_only: bool,
    /// Print this many gold-span readings that are more than 161 km off.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1) below this Acc@161km on LGL with our own spans (0–1).
    #[arg(long)]
    pub min_acc161_lgl: Option<f64>,
    /// Fail below this Acc@161km on GeoVirus with our own spans (0–1).
    #[arg(long)]
    pub min_acc161_geovirus: Option<f64>,
}

/// Arguments of `sitrep eval time`.
#[derive(Debug, Args)]
pub struct EvalTimeArgs {
    /// TIMEX gold in JSON lines (`meantime-en.timex.jsonl`): per line `doc`, `dct`, `text`
    /// and `timexes` with character offsets `start`, `end`, `text`, `type`, `value`.
    #[arg(long)]
    pub timex: PathBuf,
    /// Score only the first this many lines of each text (MEANTIME annotates the title,
    /// the dateline and the first four sentences, one a line); 0 scores all of it.
    #[arg(long, default_value_t = 6)]
    pub first_lines: usize,
    /// Print this many errors (missed, extra, wrong value).
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1) below this relaxed span F1 (0–1).
    #[arg(long)]
    pub min_relaxed_f1: Option<f64>,
    /// Fail below this strict span F1 (0–1).
    #[arg(long)]
    pub min_strict_f1: Option<f64>,
    /// Fail below this value accuracy (0–1).
    #[arg(long)]
    pub min_value_accuracy: Option<f64>,
}

/// Arguments of `sitrep eval quotes`.
#[derive(Debug, Args)]
pub struct EvalQuotesArgs {
    /// The PolNeAR folder (the one holding `data/`, or `data/` itself).
    #[arg(long)]
    pub polnear: PathBuf,
    /// The compartments to score, comma-separated: `dev`, `train`, `test`.
    #[arg(long, default_value = "dev")]
    pub split: String,
    /// Score only the first N articles of each compartment (0: all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    /// The models folder.
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
    /// Print this many errors of each sort.
    #[arg(long, default_value_t = 10)]
    pub errors: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Write our quotes, one JSON line per article (`name`, `quotes`), to this file.
    #[arg(long)]
    pub dump: Option<PathBuf>,
    /// Fail (exit 1) below this recall of direct and mixed quotes (percent).
    #[arg(long)]
    pub min_direct_recall: Option<f64>,
    /// Fail below this precision of direct and mixed quotes (percent).
    #[arg(long)]
    pub min_direct_precision: Option<f64>,
    /// Fail below this speaker accuracy by span on the direct quotes found (percent).
    #[arg(long)]
    pub min_speaker_span: Option<f64>,
    /// Fail below this speaker accuracy by resolved name on the direct quotes found (percent).
    #[arg(long)]
    pub min_speaker_name: Option<f64>,
    /// Fail below this overlap F1 of content spans over all attributions (percent).
    #[arg(long)]
    pub min_content_f1: Option<f64>,
    /// Fail below this overlap F1 of source spans over all attributions (percent).
    #[arg(long)]
    pub min_source_f1: Option<f64>,
}

/// Arguments of `sitrep eval parse`.
#[derive(Debug, Args)]
pub struct EvalParseArgs {
    /// Gold CoNLL-U.
    #[arg(long)]
    pub gold: PathBuf,
    /// Also score raw-text tokenisation and sentence splitting (CoNLL 2018 style).
    #[arg(long)]
    pub raw: bool,
    /// The models folder.
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1) below these floors (percent): UPOS, UAS, LAS.
    #[arg(long)]
    pub min_upos: Option<f64>,
    /// UAS floor.
    #[arg(long)]
    pub min_uas: Option<f64>,
    /// LAS floor.
    #[arg(long)]
    pub min_las: Option<f64>,
    /// Sentence F1 floor (with --raw).
    #[arg(long)]
    pub min_sentence_f1: Option<f64>,
    /// Word F1 floor (with --raw).
    #[arg(long)]
    pub min_word_f1: Option<f64>,
}

/// Arguments of `sitrep eval ner`.
#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// Gold IOB2 (UNER format).
    #[arg(long)]
    pub gold: PathBuf,
    /// The models folder.
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1) below this micro F1 (percent).
    #[arg(long)]
    pub min_f1: Option<f64>,
}

/// Arguments of `sitrep eval events`.
#[derive(Debug, Args)]
pub struct EvalEventsArgs {
    /// PLOVER gold-standard records (`PLOVER_GSR_CAMEO.txt`, a JSON array).
    #[arg(long)]
    pub plover_gsr: Option<PathBuf>,
    /// CAMEO codes with example sentences (`cameo-codes.csv`: columns `code` and `example`).
    #[arg(long)]
    pub cameo_examples: Option<PathBuf>,
    /// The models folder.
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
    /// Print this many errors per evaluation.
    #[arg(long, default_value_t = 20)]
    pub errors: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1) below this PLOVER event-type accuracy (percent).
    #[arg(long)]
    pub min_type_accuracy: Option<f64>,
    /// Fail below this source-and-target country accuracy on the PLOVER records (percent).
    #[arg(long)]
    pub min_actor_accuracy: Option<f64>,
    /// Fail below this CAMEO root accuracy on the examples (percent).
    #[arg(long)]
    pub min_root_accuracy: Option<f64>,
    /// Fail below this CAMEO full-code accuracy on the examples (percent).
    #[arg(long)]
    pub min_code_accuracy: Option<f64>,
    /// PETRARCH unit-test records (JSON lines: id, category, date, kind, text, ptb_parse,
    /// events, config_in_effect), coded on their Penn Treebank parses with `--dict`.
    #[arg(long)]
    pub petr_unittest: Option<PathBuf>,
    /// Event dictionaries for `--petr-unittest`: `petrarch:DIR` (or `petrarch-only:DIR`), a
    /// folder of PETRARCH files picked by the words `verbs`, `actors`, `agents`, `discards` in
    /// their names. The unit tests are coded with these files alone.
    #[arg(long)]
    pub dict: Option<String>,
    /// Fail (exit 1) when fewer PETRARCH unit-test records than this are right.
    #[arg(long)]
    pub min_petr: Option<usize>,
}

/// Arguments of `sitrep eval extract`.
#[derive(Debug, Args)]
pub struct EvalExtractArgs {
    /// The scrapinghub article-extraction-benchmark folder (ground-truth.json, html/).
    #[arg(long)]
    pub scrapinghub: Option<PathBuf>,
    /// The trafilatura evaluation folder (evaldata.json, html/).
    #[arg(long = "trafilatura-eval")]
    pub trafilatura_eval: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Print the worst pages.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Fail (exit 1) if body F1 on scrapinghub is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Fail (exit 1) if date accuracy on trafilatura-eval is below this.
    #[arg(long)]
    pub min_date: Option<f64>,
    /// Fail (exit 1) if title accuracy on trafilatura-eval is below this.
    #[arg(long)]
    pub min_title: Option<f64>,
}

/// Arguments of `sitrep bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// What to measure.
    #[command(subcommand)]
    pub what: BenchWhat,
}

/// The benchmarks.
#[derive(Debug, Subcommand)]
pub enum BenchWhat {
    /// Extraction speed in pages per second.
    Extract(BenchExtractArgs),
    /// Linguistic pipeline speed in words per second on raw text.
    Nlp(BenchNlpArgs),
    /// Event-coding speed in sentences per second on given parses, and dictionary load time.
    Events(BenchEventsArgs),
    /// Articles per second through the whole pipeline to quotes, on PolNeAR's texts.
    Quotes(BenchQuotesArgs),
    /// Temporal tagging speed (recognition and resolution) in articles per second, one thread.
    Time(BenchTimeArgs),
    /// HTTP API latency under a fixed request rate from a load generator on 127.0.0.1.
    Api(BenchApiArgs),
    /// Fill a store with synthetic, deterministic records (for load tests and export speed).
    Synth(SynthArgs),
}

/// Arguments of `sitrep bench api`.
#[derive(Debug, Args)]
pub struct BenchApiArgs {
    /// The store to serve (an in-process server on a free port of 127.0.0.1).
    #[arg(long, conflicts_with = "url")]
    pub db: Option<PathBuf>,
    /// A server already running (e.g. http://127.0.0.1:8080/) instead of --db.
    #[arg(long)]
    pub url: Option<String>,
    /// Requests per second, sent on a fixed schedule (open loop: a slow answer does not delay
    /// the next request; latency counts from the scheduled time).
    #[arg(long, default_value_t = 200)]
    pub rate: u32,
    /// How long to send, in seconds.
    #[arg(long, default_value_t = 15)]
    pub seconds: u32,
    /// Client connections (threads).
    #[arg(long, default_value_t = 32)]
    pub connections: usize,
    /// Turn the server's answer cache off (in-process server only): every request queries.
    #[arg(long)]
    pub no_cache: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `sitrep bench synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// The SQLite store to fill (created when missing; synthetic articles are added to it).
    #[arg(long)]
    pub db: PathBuf,
    /// How many events to generate (about ten per article).
    #[arg(long)]
    pub events: u64,
    /// Random seed: the same seed gives the same records.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Articles per store transaction.
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// GDELT 2.0 event export: 61 tab-separated columns, one row per event.
    Gdelt,
    /// PLOVER / POLECAT-style JSON lines, one object per event.
    Plover,
    /// CSV, one row per event.
    Csv,
    /// The full records as JSON lines (as `sitrep code --format jsonl`).
    Jsonl,
    /// Parquet, one row per event (needs a build with `--features parquet`).
    Parquet,
}

/// What the rows of an export are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// One row per event.
    Events,
    /// One row per quote (CSV only).
    Quotes,
}

/// Arguments of `sitrep export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The SQLite store.
    #[arg(long, env = "SITREP_DB", default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output (required for Parquet).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Articles published on or after (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Articles published on or before (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Only this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Start with a line of column names (GDELT; GDELT's own files have none).
    #[arg(long)]
    pub header: bool,
    /// One row per event, or per quote (quotes: CSV only).
    #[arg(long, value_enum, default_value = "events")]
    pub what: ExportWhat,
    /// Print no summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `sitrep bench time`.
#[derive(Debug, Args)]
pub struct BenchTimeArgs {
    /// TIMEX gold in JSON lines (only `text` and `dct` are used).
    #[arg(long)]
    pub timex: PathBuf,
    /// Passes over the articles.
    #[arg(long, default_value_t = 10)]
    pub repeat: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `sitrep bench quotes`.
#[derive(Debug, Args)]
pub struct BenchQuotesArgs {
    /// The PolNeAR folder (the one holding `data/`, or `data/` itself).
    #[arg(long)]
    pub polnear: PathBuf,
    /// The compartment whose texts are read.
    #[arg(long, default_value = "dev")]
    pub split: String,
    /// Passes.
    #[arg(long, default_value_t = 3)]
    pub passes: usize,
    /// The models folder.
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
}

/// Arguments of `sitrep bench events`.
#[derive(Debug, Args)]
pub struct BenchEventsArgs {
    /// CoNLL-U files with parses (gold or our own); their sentences are coded.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Passes.
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `sitrep bench nlp`.
#[derive(Debug, Args)]
pub struct BenchNlpArgs {
    /// CoNLL-U files whose raw text (from forms and SpaceAfter) is analysed.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The models folder.
    #[arg(long, env = "SITREP_MODELS")]
    pub models: Option<PathBuf>,
    /// Passes.
    #[arg(long, default_value_t = 2)]
    pub repeat: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `sitrep bench extract`.
#[derive(Debug, Args)]
pub struct BenchExtractArgs {
    /// Folders or files of pages (`.html`, `.html.gz`; folders are searched recursively).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Passes over the pages.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Threads for the parallel run (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `sitrep demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The example articles.
    #[arg(long, default_value = "examples")]
    pub examples: PathBuf,
    /// The SQLite store.
    #[arg(long, env = "SITREP_DB", default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Print the summary and stop instead of serving the web page.
    #[arg(long)]
    pub no_serve: bool,
    /// Where to serve the page (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

/// Arguments of `sitrep dict`.
#[derive(Debug, Args)]
pub struct DictArgs {
    /// What to do.
    #[command(subcommand)]
    pub what: DictWhat,
}

/// Dictionary commands.
#[derive(Debug, Subcommand)]
pub enum DictWhat {
    /// Lint the dictionaries (the built-in ones, or a folder in our format).
    Check {
        /// A dictionary folder (default: the dictionaries built into the binary).
        dir: Option<PathBuf>,
    },
}
