import threading

from rayspark.storage.block_manager import BlockStatus
from rayspark.storage.block_manager_master import BlockManagerMaster, RDDStorageInfo
from rayspark.storage.storage_level import StorageLevel

MEM = StorageLevel.MEMORY_ONLY
DISK = StorageLevel.DISK_ONLY
NONE = StorageLevel.NONE


def st(name, level=MEM, mem=100, disk=0):
    return BlockStatus(name, level, mem, disk)


def test_locations_follow_updates():
    m = BlockManagerMaster()
    m.update_block_info("e1", st("rdd_1_0", DISK, 0, 50))
    m.update_block_info("e2", st("rdd_1_0"))
    m.update_block_info("e1", st("rdd_1_1"))
    assert m.get_locations("rdd_1_0") == ["e2", "e1"]  # memory copies first
    assert m.get_locations("rdd_9_9") == []
    assert m.get_locations_multi(["rdd_1_0", "rdd_1_1", "rdd_1_2"]) == {
        "rdd_1_0": ["e2", "e1"],
        "rdd_1_1": ["e1"],
        "rdd_1_2": [],
    }
    # A NONE status (dropped/removed) removes that location.
    m.update_block_info("e2", st("rdd_1_0", NONE, 0, 0))
    assert m.get_locations("rdd_1_0") == ["e1"]
    m.update_block_info("e1", st("rdd_1_0", NONE, 0, 0))
    assert m.get_locations("rdd_1_0") == []
    assert list(m.rdd_blocks(1)) == ["rdd_1_1"]


def test_status_replaced_by_newer_report():
    m = BlockManagerMaster()
    m.update_block_info("e1", st("rdd_1_0"))
    m.update_block_info("e1", st("rdd_1_0", DISK, 0, 70))
    assert m.get_status("rdd_1_0") == {"e1": st("rdd_1_0", DISK, 0, 70)}


def test_remove_executor_reports_blocks_with_no_copy_left():
    m = BlockManagerMaster()
    m.update_block_info("e1", st("rdd_1_0"))
    m.update_block_info("e2", st("rdd_1_0"))
    m.update_block_info("e1", st("rdd_1_1"))
    m.update_block_info("e1", st("broadcast_3"))
    assert m.remove_executor("e1") == ["broadcast_3", "rdd_1_1"]
    assert m.get_locations("rdd_1_0") == ["e2"]
    assert m.executor_blocks("e1") == []
    assert m.remove_executor("e1") == []


def test_rdd_queries_and_forget_rdd():
    m = BlockManagerMaster()
    m.update_block_info("e1", st("rdd_1_0"))
    m.update_block_info("e2", st("rdd_1_1", DISK, 0, 10))
    m.update_block_info("e3", st("rdd_2_0"))
    assert m.rdd_blocks(1) == {
        "rdd_1_0": {"e1": st("rdd_1_0")},
        "rdd_1_1": {"e2": st("rdd_1_1", DISK, 0, 10)},
    }
    assert sorted(m.executors_with_rdd(1)) == ["e1", "e2"]
    assert sorted(m.forget_rdd(1)) == ["e1", "e2"]
    assert m.rdd_blocks(1) == {} and m.executors_with_rdd(1) == []
    assert m.get_locations("rdd_1_0") == []
    assert m.executors_with_rdd(2) == ["e3"]
    assert m.executor_blocks("e1") == []


def test_forget_broadcast_includes_pieces():
    m = BlockManagerMaster()
    m.update_block_info("e1", st("broadcast_4"))
    m.update_block_info("e2", st("broadcast_4_piece0"))
    m.update_block_info("e2", st("broadcast_5"))
    assert sorted(m.executors_with_broadcast(4)) == ["e1", "e2"]
    assert sorted(m.forget_broadcast(4)) == ["e1", "e2"]
    assert m.get_locations("broadcast_4_piece0") == []
    assert m.get_locations("broadcast_5") == ["e2"]


def test_storage_info_sums_over_copies():
    m = BlockManagerMaster()
    m.update_block_info("e1", st("rdd_3_0", StorageLevel.MEMORY_ONLY_2, 100, 0))
    m.update_block_info("e2", st("rdd_3_0", StorageLevel.MEMORY_ONLY_2, 100, 0))
    m.update_block_info("e2", st("rdd_3_1", DISK, 0, 40))
    m.update_block_info("e1", st("rdd_1_0", MEM, 7, 0))
    m.update_block_info("e1", st("shuffle_0_0_0", DISK, 0, 5))
    assert m.storage_info() == [RDDStorageInfo(1, 1, 7, 0), RDDStorageInfo(3, 2, 200, 40)]
    m.forget_rdd(1)
    m.update_block_info("e2", st("rdd_3_1", NONE, 0, 0))
    assert m.storage_info() == [RDDStorageInfo(3, 1, 200, 0)]


def test_remove_block():
    m = BlockManagerMaster()
    m.update_block_info("e1", st("taskresult_7"))
    assert m.remove_block("taskresult_7") == ["e1"]
    assert m.get_locations("taskresult_7") == []


def test_concurrent_updates():
    m = BlockManagerMaster()

    def work(e):
        for i in range(500):
            m.update_block_info(f"e{e}", st(f"rdd_1_{i}"))
            m.get_locations(f"rdd_1_{i}")
        for i in range(0, 500, 2):
            m.update_block_info(f"e{e}", st(f"rdd_1_{i}", NONE, 0, 0))

    threads = [threading.Thread(target=work, args=(e,)) for e in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    blocks = m.rdd_blocks(1)
    assert len(blocks) == 250
    assert all(len(holders) == 8 for holders in blocks.values())
    assert m.storage_info() == [RDDStorageInfo(1, 250, 250 * 8 * 100, 0)]
