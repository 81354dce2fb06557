# Scenario S of bench/Invoke-Benchmark.ps1: the vendor's own upload script, copied from the Opti-X walkthrough
# ("Upload Data via Python Script", /work/shared/seeds/003: csv.DictReader over the whole file, 5000 rows a
# request, requests.post(json=payload) one after another). It is a faithful copy: the only changes are that the
# endpoint's base (API_BASE, default the production one), the keys (API_KEY, BRAND_KEY, DC_ID, as in the vendor's
# script) come from the environment and the CSV file from the first argument (default "data.csv"), so that the bench
# can point it at its discard endpoint and at the emulator. Nothing else is changed, so that it costs what it costs users.
#
# usage: API_KEY=<x-api-key> BRAND_KEY=<x-brand-key> DC_ID=<data-connection-uuid> [API_BASE=<base-uri>] python upload_data_to_dc.py [data.csv]
import csv
import requests
import os
import sys

CSV_FILE_PATH = sys.argv[1] if len(sys.argv) > 1 else "data.csv"
DC_ID = os.getenv("DC_ID")
API_BASE = os.getenv("API_BASE", "https://api.opti-x.optimove.net/api/data-connections/v1")
API_ENDPOINT = f"{API_BASE}/connections/{DC_ID}/upload_data"
MAX_BATCH_SIZE = 5000
HEADERS = {"x-api-key": os.getenv("API_KEY"), "x-brand-key": os.getenv("BRAND_KEY")}


def read_csv_data(file_path: str):
    with open(file_path, "r") as csvfile:
        reader = csv.DictReader(csvfile)
        return [row for row in reader]


def send_batch(batch: list[dict[str, str]]):
    payload = {
        "data": batch,
        "ttl_seconds": None,  # Optional: data does not expire if null
    }
    response = requests.post(API_ENDPOINT, json=payload, headers=HEADERS)
    if response.status_code == 200:
        print(f"Successfully uploaded batch of {len(batch)} records.")
    else:
        print(f"Failed to upload batch. Status code: {response.status_code}")
        print(f"Response: {response.text}")


def main():
    data = read_csv_data(CSV_FILE_PATH)
    total_records = len(data)
    batch_size = min(5000, MAX_BATCH_SIZE)
    print(f"Uploading {total_records} records")
    for i in range(0, total_records, batch_size):
        batch = data[i : i + batch_size]
        send_batch(batch)
    print(f"Finished uploading {total_records} records.")


if __name__ == "__main__":
    main()
