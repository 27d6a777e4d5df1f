/** What inspectMedia (streams.ts) tells about a file: its facts and where each stream really starts and ends. */
import type { MediaInfo } from '@shared/domain';

export type StreamType = 'video' | 'audio';

export interface StreamSpan {
  type: StreamType;
  /** Its position among the streams of its type, as `-map 0:V` / `-map 0:a` keep them. */
  n: number;
  codec: string;
  sampleRate: number | null;
  /** Seconds from the start of the file (the container's start_time subtracted, as `-ss` counts). */
  startSec: number;
  /** Where its last packet ends; equal to startSec when it holds no packet at all. */
  endSec: number;
  /** Where the header says it ends, when it says so. */
  statedEndSec: number | null;
  /** The longest packet near its end: how finely a stream copy can cut it. */
  packetSec: number;
  /**
   * How long before it is shown a frame is decoded (B-frames): a copy cut on decode times may
   * carry frames up to this much past its end.
   */
  reorderSec: number;
}

export interface MediaLayout {
  info: MediaInfo;
  /** The container's duration (its longest stream, as the header states it). */
  durationSec: number;
  streams: StreamSpan[];
}

/** A keyframe: when it is shown, and where a stream copy that keeps it starts (its decode time). */
export interface KeyPacket {
  pts: number;
  cut: number;
}
