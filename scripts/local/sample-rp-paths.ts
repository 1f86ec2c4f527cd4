/** Where the local stack serves its sample relying party (the demo application's redirect URI). */
export const SAMPLE_RP_PATH = '/sample-rp/';
export const SAMPLE_RP_CALLBACK = '/sample-rp/callback';
