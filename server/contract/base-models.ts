/**
 * The base models TREX can fine-tune, as data: where each comes from (a Hugging Face Hub id, or a preset the
 * worker builds from its configuration on CPU), its architecture, context length, chat template and licence.
 * Parameter counts and memory needs are derived from the architecture, so there is one fact per model.
 * `npm run protocol:schema` writes this table for the worker (worker/trex_worker/schemas/base-models.json).
 * Pure: the browser form and plan review read it too.
 */
export const TRAINING_METHODS = ["full", "lora", "qlora"] as const;
export type TrainingMethod = (typeof TRAINING_METHODS)[number];

export const MODEL_FAMILIES = ["qwen3", "llama"] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** The decoder's shape as a transformers config would give it (Qwen3Config / LlamaConfig names in comments). */
export interface Architecture {
  /** num_hidden_layers */
  layers: number;
  /** hidden_size */
  hidden: number;
  /** num_attention_heads */
  heads: number;
  /** num_key_value_heads */
  kvHeads: number;
  /** head_dim */
  headDim: number;
  /** intermediate_size of the gated MLP */
  intermediate: number;
  /** vocab_size */
  vocab: number;
  /** tie_word_embeddings */
  tiedEmbeddings: boolean;
}

export type ModelSource =
  /** downloaded from the Hub, or read from the Hub cache / a local copy when offline */
  | { kind: "hub"; hubId: string }
  /** built by the worker from `architecture` and its bundled tokenizer (random init), saved in HF format */
  | { kind: "preset" };

export interface BaseModel {
  id: string;
  family: ModelFamily;
  source: ModelSource;
  architecture: Architecture;
  /** derived from the architecture (embeddings + decoder layers + head) */
  parameters: number;
  /** tokens the model attends to (max_position_embeddings as the model card states its usable context) */
  contextLength: number;
  /** the chat template its tokenizer carries */
  chatTemplate: "chatml" | "llama3";
  licence: string;
  /** methods that make sense for it; qlora needs a CUDA GPU and bitsandbytes */
  methods: readonly TrainingMethod[];
  /** small enough to train on a CPU runner in minutes */
  cpuFriendly: boolean;
}

type Entry = Omit<BaseModel, "parameters">;

/** Parameters of a Qwen3/Llama-style decoder (q/k/v/o projections, gated MLP, RMS norms; Qwen3's q/k norms). */
export function parameterCount(a: Architecture, family: ModelFamily): number {
  const attention = a.hidden * a.heads * a.headDim * 2 + a.hidden * a.kvHeads * a.headDim * 2;
  const mlp = 3 * a.hidden * a.intermediate;
  const norms = 2 * a.hidden + (family === "qwen3" ? 2 * a.headDim : 0);
  const embeddings = a.vocab * a.hidden * (a.tiedEmbeddings ? 1 : 2);
  return embeddings + a.layers * (attention + mlp + norms) + a.hidden;
}

const ALL_METHODS = TRAINING_METHODS;
const CPU_METHODS = ["full", "lora"] as const;

const qwen3 = (layers: number, hidden: number, heads: number, intermediate: number, tied: boolean): Architecture => ({
  layers,
  hidden,
  heads,
  kvHeads: 8,
  headDim: 128,
  intermediate,
  vocab: 151_936,
  tiedEmbeddings: tied,
});

/** The CPU presets (FT-Bench-mini): Qwen3 configurations with the worker's own 1,024-token BPE tokenizer. */
const preset = (id: string, layers: number, hidden: number, heads: number, intermediate: number): Entry => ({
  id,
  family: "qwen3",
  source: { kind: "preset" },
  architecture: {
    layers,
    hidden,
    heads,
    kvHeads: 2,
    headDim: hidden / heads,
    intermediate,
    vocab: 1024,
    tiedEmbeddings: true,
  },
  contextLength: 512,
  chatTemplate: "chatml",
  licence: "none (built locally by the worker, pretrained on the FT-Bench-mini inputs)",
  methods: CPU_METHODS,
  cpuFriendly: true,
});

const ENTRIES: readonly Entry[] = [
  preset("tiny-small", 2, 64, 4, 192),
  preset("tiny-base", 4, 128, 4, 384),
  preset("tiny-large", 6, 192, 6, 576),
  {
    id: "smollm2-135m",
    family: "llama",
    source: { kind: "hub", hubId: "HuggingFaceTB/SmolLM2-135M-Instruct" },
    architecture: {
      layers: 30,
      hidden: 576,
      heads: 9,
      kvHeads: 3,
      headDim: 64,
      intermediate: 1536,
      vocab: 49_152,
      tiedEmbeddings: true,
    },
    contextLength: 8192,
    chatTemplate: "chatml",
    licence: "apache-2.0",
    methods: ALL_METHODS,
    cpuFriendly: true,
  },
  {
    id: "smollm2-360m",
    family: "llama",
    source: { kind: "hub", hubId: "HuggingFaceTB/SmolLM2-360M-Instruct" },
    architecture: {
      layers: 32,
      hidden: 960,
      heads: 15,
      kvHeads: 5,
      headDim: 64,
      intermediate: 2560,
      vocab: 49_152,
      tiedEmbeddings: true,
    },
    contextLength: 8192,
    chatTemplate: "chatml",
    licence: "apache-2.0",
    methods: ALL_METHODS,
    cpuFriendly: false,
  },
  {
    id: "smollm2-1.7b",
    family: "llama",
    source: { kind: "hub", hubId: "HuggingFaceTB/SmolLM2-1.7B-Instruct" },
    architecture: {
      layers: 24,
      hidden: 2048,
      heads: 32,
      kvHeads: 32,
      headDim: 64,
      intermediate: 8192,
      vocab: 49_152,
      tiedEmbeddings: true,
    },
    contextLength: 8192,
    chatTemplate: "chatml",
    licence: "apache-2.0",
    methods: ALL_METHODS,
    cpuFriendly: false,
  },
  ...(
    [
      ["qwen3-0.6b", "Qwen/Qwen3-0.6B", qwen3(28, 1024, 16, 3072, true)],
      ["qwen3-1.7b", "Qwen/Qwen3-1.7B", qwen3(28, 2048, 16, 6144, true)],
      ["qwen3-4b", "Qwen/Qwen3-4B", qwen3(36, 2560, 32, 9728, true)],
      ["qwen3-8b", "Qwen/Qwen3-8B", qwen3(36, 4096, 32, 12_288, false)],
    ] as const
  ).map(([id, hubId, architecture]): Entry => ({
    id,
    family: "qwen3",
    source: { kind: "hub", hubId },
    architecture,
    contextLength: 32_768,
    chatTemplate: "chatml",
    licence: "apache-2.0",
    methods: ALL_METHODS,
    cpuFriendly: false,
  })),
  {
    id: "llama-3.2-1b",
    family: "llama",
    source: { kind: "hub", hubId: "meta-llama/Llama-3.2-1B-Instruct" },
    architecture: {
      layers: 16,
      hidden: 2048,
      heads: 32,
      kvHeads: 8,
      headDim: 64,
      intermediate: 8192,
      vocab: 128_256,
      tiedEmbeddings: true,
    },
    contextLength: 131_072,
    chatTemplate: "llama3",
    licence: "llama3.2 (Llama 3.2 Community License, gated on the Hub)",
    methods: ALL_METHODS,
    cpuFriendly: false,
  },
  {
    id: "llama-3.2-3b",
    family: "llama",
    source: { kind: "hub", hubId: "meta-llama/Llama-3.2-3B-Instruct" },
    architecture: {
      layers: 28,
      hidden: 3072,
      heads: 24,
      kvHeads: 8,
      headDim: 128,
      intermediate: 8192,
      vocab: 128_256,
      tiedEmbeddings: true,
    },
    contextLength: 131_072,
    chatTemplate: "llama3",
    licence: "llama3.2 (Llama 3.2 Community License, gated on the Hub)",
    methods: ALL_METHODS,
    cpuFriendly: false,
  },
];

export const baseModels: readonly BaseModel[] = ENTRIES.map((e) => ({
  ...e,
  parameters: parameterCount(e.architecture, e.family),
}));

/** The preset every exploration starts from unless it names another model. */
export const DEFAULT_BASE_MODEL = "tiny-base";

/**
 * A catalogue id (`qwen3-1.7b`, also as a goal writes it: "Qwen3 1.7B", "Llama 3.2 1B") or a Hub id
 * (`Qwen/Qwen3-1.7B`), case-insensitively; undefined when unknown.
 */
export function findBaseModel(id: string): BaseModel | undefined {
  const key = id.trim().toLowerCase().replace(/\s+/g, "-");
  return baseModels.find((m) => m.id === key || (m.source.kind === "hub" && m.source.hubId.toLowerCase() === key));
}

/** Do two names mean one model ("Qwen3 1.7B", "Qwen/Qwen3-1.7B" and "qwen3-1.7b" do)? */
export function sameBaseModel(a: string, b: string): boolean {
  const key = (id: string) => findBaseModel(id)?.id ?? id.trim().toLowerCase();
  return key(a) === key(b);
}

/** Why the worker could not load `id`, in a sentence; null for a catalogue id, a Hub id (`owner/name`) or an absolute folder. */
export function baseModelProblem(id: string): string | null {
  const name = id.trim();
  const climbs = name.split("/").some((part) => part === "." || part === "..");
  if (findBaseModel(name) || (!climbs && (/^[\w.-]+\/[\w.-]+$/.test(name) || name.startsWith("/")))) return null;
  const known = baseModels
    .slice(0, 4)
    .map((m) => m.id)
    .join(", ");
  return `"${name}" is not a known base model: use a catalogue id (${known}, …), a Hub id (owner/name) or an absolute folder saved with save_pretrained`;
}

/** Models built from a config with random weights (the CPU presets) learn from scratch; the others are pretrained. */
export type ModelKind = "preset" | "pretrained";
export function modelKindOf(id: string): ModelKind {
  return findBaseModel(id)?.source.kind === "preset" ? "preset" : "pretrained";
}

/** The next larger model of the same family and kind (tiny-small -> tiny-base, qwen3-1.7b -> qwen3-4b); null at the top. */
export function largerBaseModel(id: string): string | null {
  const m = findBaseModel(id);
  if (!m) return null;
  const next = baseModels
    .filter((o) => o.family === m.family && o.source.kind === m.source.kind && o.parameters > m.parameters)
    .sort((a, b) => a.parameters - b.parameters)[0];
  return next?.id ?? null;
}

export const presetIds = (): string[] => baseModels.filter((m) => m.source.kind === "preset").map((m) => m.id);
