/**
 * The Contoso teams and their channels. Every team has a General channel, and "Design" exists in
 * two teams: a name alone does not say which channel is meant.
 */
import type { SeedPost, SeedUser } from './seed-helpers';
import {
  MARK8_DESIGN,
  MARK8_GENERAL,
  MARK8_LAUNCH,
  MARKETING_DESIGN,
  MARKETING_GENERAL,
  RETAIL_GENERAL,
  RETAIL_STORE_OPS,
} from './seed-channel-posts';

export interface SeedChannel {
  key: string;
  displayName: string;
  description: string;
  posts: readonly SeedPost[];
}

export interface SeedTeam {
  key: string;
  displayName: string;
  description: string;
  visibility: 'public' | 'private';
  members: readonly SeedUser[];
  mailNickname: string;
  channels: readonly SeedChannel[];
}

export const SEED_TEAMS: readonly SeedTeam[] = [
  {
    key: 'mark8',
    displayName: 'Mark 8 Project Team',
    description: 'Design, retail rollout and marketing for the Mark 8 launch.',
    visibility: 'private',
    members: ['megan', 'adele', 'alex'],
    mailNickname: 'Mark8ProjectTeam',
    channels: [
      { key: 'general', displayName: 'General', description: 'Mark 8 Project Team', posts: MARK8_GENERAL },
      { key: 'design', displayName: 'Design', description: 'Product and video design reviews', posts: MARK8_DESIGN },
      { key: 'launch', displayName: 'Launch', description: 'Launch day planning', posts: MARK8_LAUNCH },
    ],
  },
  {
    key: 'marketing',
    displayName: 'Marketing',
    description: 'Campaigns, brand and social.',
    visibility: 'public',
    members: ['megan', 'alex', 'adele'],
    mailNickname: 'Marketing',
    channels: [
      { key: 'general', displayName: 'General', description: 'Marketing', posts: MARKETING_GENERAL },
      { key: 'design', displayName: 'Design', description: 'Brand design system', posts: MARKETING_DESIGN },
    ],
  },
  {
    key: 'retail',
    displayName: 'Retail',
    description: 'Store operations across the regions.',
    visibility: 'public',
    members: ['adele', 'megan'],
    mailNickname: 'Retail',
    channels: [
      { key: 'general', displayName: 'General', description: 'Retail', posts: RETAIL_GENERAL },
      {
        key: 'store-ops',
        displayName: 'Store Operations',
        description: 'Fixtures, hours, staffing',
        posts: RETAIL_STORE_OPS,
      },
    ],
  },
];
