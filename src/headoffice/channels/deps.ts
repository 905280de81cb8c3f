/** What the channel services need besides head office: a connection to a channel's shop, and a log. */
import type { HeadOffice } from '../context.ts';
import type { ChannelConnection } from './channel.ts';

export interface ChannelDeps {
  ho: HeadOffice;
  /** The shop of this channel, with its secrets opened. */
  connect(channelId: string): Promise<ChannelConnection>;
  log(line: string): void;
}
